package dev.hookline.benchmarks.http;

import dev.hookline.benchmarks.LuccaDeliveries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The HTTP benchmark driver: starts the servers of each pair side by side, each in its own JVM,
 * warms them up, then loads them with wrk in interleaved rounds and prints what it measured, the
 * per-round ratios and their medians last. See benchmarks/README.md.
 *
 * <p>Pairs: {@code jetty} (the {@link JettyServer} kinds {@code bare}, {@code floor} and {@code
 * hookline} from the benchmarks jar) and {@code spring} ({@code plain} Spring MVC and the Hookline
 * {@code starter}, both on Tomcat, from the benchmarks-spring jar). Every run sends deliveries
 * signed just before it that the server has never seen; a round in which any run got an answer
 * other than 2xx, a socket error, or a server count that does not match (one handler run per 2xx
 * answer, no event id handled twice) is discarded.
 */
public final class HttpBenchmark {

  /** A ratio of two servers' throughput (and of their p99 latency). */
  record Ratio(String numerator, String denominator) {
    String label() {
      return numerator + "/" + denominator;
    }
  }

  /**
   * The servers run side by side; their order sets the ratios reported. {@code jarOption} names the
   * option giving the servers' jar: {@code jar} (the Jetty servers) or {@code spring-jar}.
   */
  record Pair(String jarOption, List<String> servers) {

    /**
     * Each server's throughput over each server listed before it, in list order (for bare, floor,
     * hookline: floor/bare, hookline/bare, hookline/floor), so that the last ratio is the last
     * server over the one before it: the goal's, or for a diagnostic pair the one it is for.
     */
    List<Ratio> ratios() {
      List<Ratio> ratios = new ArrayList<>();
      for (int later = 1; later < servers.size(); later++) {
        for (int earlier = 0; earlier < later; earlier++) {
          ratios.add(new Ratio(servers.get(later), servers.get(earlier)));
        }
      }
      return ratios;
    }
  }

  private static final Map<String, Pair> PAIRS =
      Map.of(
          "jetty",
          new Pair("jar", List.of("bare", "floor", "hookline")),
          // Diagnostic, not in the goal: the floor with the body bound to the handler's model.
          "typed",
          new Pair("jar", List.of("floor", "typed", "hookline")),
          "spring",
          new Pair("spring-jar", List.of("plain", "starter")));

  /**
   * The least throughput request files are sized for: a server's rate climbs several times over
   * while the JIT warms it up, faster than the last run's rate predicts.
   */
  private static final double FIRST_GUESS_PER_SECOND = 40_000;

  /** Request files hold this many times the requests the last measured rate needs. */
  private static final double MARGIN = 1.5;

  /** One server and the deliveries it has been sent. */
  private static final class Target {
    final ServerProcess server;
    int nextDelivery;
    double fastest;

    Target(ServerProcess server) {
      this.server = server;
    }
  }

  /**
   * One wrk run against one server, the server's CPU time per request it answered 2xx (in µs, all
   * its threads, from the operating system's count before and after the run), and what did not add
   * up in it.
   */
  record Run(String server, Wrk.Load load, double cpuMicros, List<String> problems) {}

  private final Map<String, String> options;
  private final Wrk wrk;
  private final int threads;

  private HttpBenchmark(Map<String, String> options, Wrk wrk) {
    this.options = options;
    this.wrk = wrk;
    this.threads = Integer.parseInt(options.get("threads"));
  }

  /**
   * Runs the benchmark. Options (defaults in brackets): {@code --pair} one or more of {@code
   * jetty}, {@code spring} and the diagnostic {@code typed}, one after the other [jetty,spring],
   * {@code --connections 32[,1,256]} [32], {@code --threads} wrk threads [2], {@code --warmup}
   * seconds per server [60], {@code --slice} seconds per warm-up slice [5], {@code --rounds} [6],
   * {@code --duration} seconds per run [8], {@code --pace} milliseconds each connection waits after
   * an answer before its next request in the measured rounds, 0 for none [0], {@code --jvm} server
   * JVM flags [-Xms1g -Xmx1g -XX:+AlwaysPreTouch], {@code --jar}
   * [benchmarks/target/benchmarks.jar], {@code --spring-jar}
   * [benchmarks/spring-http/target/benchmarks-spring.jar], {@code --wrk} [wrk].
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    options.put("pair", "jetty,spring");
    options.put("connections", "32");
    options.put("threads", "2");
    options.put("warmup", "60");
    options.put("slice", "5");
    options.put("rounds", "6");
    options.put("duration", "8");
    options.put("pace", "0");
    options.put("jvm", "-Xms1g -Xmx1g -XX:+AlwaysPreTouch");
    options.put("jar", "benchmarks/target/benchmarks.jar");
    options.put("spring-jar", "benchmarks/spring-http/target/benchmarks-spring.jar");
    options.put("wrk", "wrk");
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : args[i];
      if (!options.containsKey(name) || i + 1 == args.length) {
        throw new IllegalArgumentException(
            "unknown option or missing value: " + args[i] + "; options: " + options.keySet());
      }
      options.put(name, args[i + 1]);
    }
    List<String> pairs = List.of(options.get("pair").split(","));
    for (String name : pairs) {
      if (!PAIRS.containsKey(name)) {
        throw new IllegalArgumentException(
            "--pair takes one or more of " + new TreeSet<>(PAIRS.keySet()) + ", not " + name);
      }
      Path jar = Path.of(options.get(PAIRS.get(name).jarOption()));
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException(
            jar
                + " is missing; build it from the repository root with: ./mvnw -B -q -pl"
                + " benchmarks,benchmarks/spring-http -am package -DskipTests");
      }
    }
    Path work = Files.createTempDirectory("hookline-http-bench-");
    HttpBenchmark benchmark = new HttpBenchmark(options, new Wrk(options.get("wrk"), work));
    List<ServerProcess> started = new ArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (ServerProcess server : started) {
                    server.stop();
                  }
                }));
    List<String> medians = new ArrayList<>();
    for (String name : pairs) {
      Pair pair = PAIRS.get(name);
      List<Target> targets = new ArrayList<>();
      for (String server : pair.servers()) {
        ServerProcess process = ServerProcess.start(server, benchmark.command(pair, server), work);
        started.add(process);
        System.out.println("started " + process);
        targets.add(new Target(process));
      }
      medians.addAll(benchmark.run(name, pair, targets));
      for (Target target : targets) {
        target.server.stop();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nmedians of the kept rounds: throughput ratio (p99 latency ratio, ratio of CPU time per"
            + " request)%n");
    medians.forEach(System.out::println);
    // Kept when the run failed: the servers' logs are there.
    try (var files = Files.list(work)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(work);
  }

  private List<String> command(Pair pair, String server) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(options.get("jvm").trim().split("\\s+")));
    if (pair.jarOption().equals("jar")) {
      command.addAll(List.of("-cp", options.get("jar"), JettyServer.class.getName()));
    } else {
      command.addAll(List.of("-jar", options.get("spring-jar")));
    }
    command.add(server);
    command.add(LuccaDeliveries.LUCCA_SECRET);
    return command;
  }

  /** Warms the servers up, runs the rounds, and returns one line of medians per connections. */
  private List<String> run(String name, Pair pair, List<Target> targets)
      throws IOException, InterruptedException {
    int[] connections =
        Arrays.stream(options.get("connections").split(",")).mapToInt(Integer::parseInt).toArray();
    int slice = Integer.parseInt(options.get("slice"));
    int slices = (Integer.parseInt(options.get("warmup")) + slice - 1) / slice;
    int rounds = Integer.parseInt(options.get("rounds"));
    int duration = Integer.parseInt(options.get("duration"));
    int pace = Integer.parseInt(options.get("pace"));
    if (pace < 0) {
      throw new IllegalArgumentException("--pace must be 0 or more milliseconds, not " + pace);
    }
    System.out.printf(
        Locale.ROOT,
        "%npair %s; server JVM flags: %s; wrk threads: %d (at most one per connection)%n",
        name,
        options.get("jvm"),
        threads);

    System.out.printf(
        Locale.ROOT,
        "%nwarm-up: %d slices of %d s per server, %d connections, interleaved%n",
        slices,
        slice,
        connections[0]);
    for (int s = 0; s < slices; s++) {
      Map<String, Run> runs = round(targets, s, connections[0], slice, 0);
      System.out.printf(
          Locale.ROOT,
          "  slice %d/%d: %s  %s%s%n",
          s + 1,
          slices,
          rates(pair, runs),
          ratios(pair, runs),
          problems(runs).isEmpty() ? "" : "  (" + problems(runs) + ")");
    }

    Map<Integer, Map<String, List<Double>>> medians = new LinkedHashMap<>();
    for (int c : connections) {
      System.out.printf(
          Locale.ROOT,
          "%n%d interleaved rounds of %d s per server, %d connections%s%n",
          rounds,
          duration,
          c,
          pace == 0
              ? ""
              : String.format(
                  Locale.ROOT,
                  ", each waiting %d ms after an answer (at most %,d req/s offered)",
                  pace,
                  c * 1_000 / pace));
      Map<String, List<Double>> series = new LinkedHashMap<>();
      int discarded = 0;
      for (int r = 0; r < rounds; r++) {
        Map<String, Run> runs = round(targets, r, c, duration, pace);
        System.out.printf(Locale.ROOT, "  round %d/%d (order %s)%n", r + 1, rounds, runs.keySet());
        for (String server : pair.servers()) {
          Wrk.Load load = runs.get(server).load();
          System.out.printf(
              Locale.ROOT,
              "    %-9s %,9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  CPU %6.1f µs/req"
                  + "  (%,d requests)%n",
              server,
              load.perSecond(),
              load.p50Millis(),
              load.p99Millis(),
              cpu(runs, server),
              load.requests());
        }
        String problems = problems(runs);
        if (!problems.isEmpty()) {
          discarded++;
          System.out.println("    DISCARDED: " + problems);
          continue;
        }
        System.out.println("    " + ratios(pair, runs));
        for (String server : pair.servers()) {
          series.computeIfAbsent(server + " req/s", k -> new ArrayList<>()).add(rate(runs, server));
          series.computeIfAbsent(server + " p99 ms", k -> new ArrayList<>()).add(p99(runs, server));
          series
              .computeIfAbsent(server + " CPU µs/req", k -> new ArrayList<>())
              .add(cpu(runs, server));
        }
        for (Ratio ratio : pair.ratios()) {
          series
              .computeIfAbsent(ratio.label() + " p99", k -> new ArrayList<>())
              .add(p99(runs, ratio.numerator()) / p99(runs, ratio.denominator()));
          series
              .computeIfAbsent(ratio.label() + " CPU", k -> new ArrayList<>())
              .add(cpu(runs, ratio.numerator()) / cpu(runs, ratio.denominator()));
        }
        for (Ratio ratio : pair.ratios()) {
          series
              .computeIfAbsent(ratio.label(), k -> new ArrayList<>())
              .add(rate(runs, ratio.numerator()) / rate(runs, ratio.denominator()));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "  %d connections: %d rounds kept, %d discarded%n",
          c,
          rounds - discarded,
          discarded);
      series.forEach(
          (label, values) ->
              System.out.printf(
                  Locale.ROOT,
                  "    %-22s %s  median %s%n",
                  label,
                  list(label, values),
                  format(label, median(values))));
      medians.put(c, series);
    }

    List<String> lines = new ArrayList<>();
    for (Map.Entry<Integer, Map<String, List<Double>>> entry : medians.entrySet()) {
      StringBuilder line = new StringBuilder();
      for (Ratio ratio : pair.ratios()) {
        List<Double> values = entry.getValue().get(ratio.label());
        List<Double> p99 = entry.getValue().get(ratio.label() + " p99");
        List<Double> cpu = entry.getValue().get(ratio.label() + " CPU");
        line.append(
            String.format(
                Locale.ROOT,
                "  %s %s (p99 %s, CPU %s)",
                ratio.label(),
                values == null ? "-" : format(ratio.label(), median(values)),
                p99 == null ? "-" : format(ratio.label(), median(p99)),
                cpu == null ? "-" : format(ratio.label(), median(cpu))));
      }
      lines.add(
          String.format(Locale.ROOT, "  %-6s %4d connections:%s", name, entry.getKey(), line));
    }
    return lines;
  }

  /** One run per server, in an order rotated by the round number. */
  private Map<String, Run> round(
      List<Target> targets, int number, int connections, int seconds, int pace)
      throws IOException, InterruptedException {
    Map<String, Run> runs = new LinkedHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get((number + i) % targets.size());
      runs.put(target.server.name(), measure(target, connections, seconds, pace));
    }
    return runs;
  }

  private Run measure(Target target, int connections, int seconds, int pace)
      throws IOException, InterruptedException {
    int wrkThreads = Math.min(threads, connections);
    double expected = Math.max(target.fastest, FIRST_GUESS_PER_SECOND);
    int perThread = (int) Math.ceil(expected * MARGIN * seconds / wrkThreads) + 1_000;
    Map<String, Long> before = target.server.counters();
    Duration cpuBefore = target.server.cpu();
    Wrk.Load load =
        wrk.run(
            target.server, target.nextDelivery, perThread, connections, wrkThreads, seconds, pace);
    target.nextDelivery += perThread * wrkThreads;
    Map<String, Long> after = target.server.settledCounters();
    Duration cpu = target.server.cpu().minus(cpuBefore);
    Map<String, Long> counted = new HashMap<>();
    after.forEach((key, value) -> counted.put(key, value - before.get(key)));
    List<String> problems = check(load, counted, connections);
    // Files that ran out held too few requests for this server: the next run's are twice the size
    // (wrk's rate then also counts the quick 404s, so it says nothing of the server's).
    target.fastest =
        load.exhausted() == 0
            ? Math.max(target.fastest, load.perSecond())
            : Math.max(target.fastest, 2 * expected);
    double cpuMicros = cpu.toNanos() / 1_000.0 / Math.max(1, counted.get("ok"));
    return new Run(target.server.name(), load, cpuMicros, problems);
  }

  /**
   * What does not add up between wrk's view and the server's counts; empty when every request wrk
   * counted was answered 2xx after exactly one handler run.
   */
  static List<String> check(Wrk.Load load, Map<String, Long> counted, int connections) {
    List<String> problems = new ArrayList<>();
    if (load.socketErrors() > 0) {
      problems.add(load.socketErrors() + " socket errors or timeouts");
    }
    if (load.statusErrors() > 0) {
      problems.add(load.statusErrors() + " answers 4xx/5xx");
    }
    if (load.exhausted() > 0) {
      problems.add("the request files ran out (raise the margin)");
    }
    for (String key : List.of("other", "unhandled", "multiple", "duplicates", "badIds")) {
      if (counted.get(key) > 0) {
        problems.add("server counted " + key + "=" + counted.get(key));
      }
    }
    long ok = counted.get("ok");
    long afterRun = counted.get("abortedAfterRun");
    long aborted = counted.get("aborted");
    if (counted.get("runs") != ok + afterRun) {
      problems.add(
          "handler runs "
              + counted.get("runs")
              + " != answered ok "
              + ok
              + " + aborted after a run "
              + afterRun);
    }
    if (ok < load.requests()) {
      problems.add("server answered " + ok + " ok, wrk counted " + load.requests());
    }
    if (ok + afterRun + aborted > load.issued()) {
      problems.add(
          "server saw " + (ok + afterRun + aborted) + " requests, wrk sent " + load.issued());
    }
    // wrk asks thread 1's script for one request to check it before the run; it is never sent.
    if (load.issued() - load.requests() > connections + 1) {
      problems.add(
          (load.issued() - load.requests()) + " requests unanswered, more than one per connection");
    }
    return problems;
  }

  private static String rates(Pair pair, Map<String, Run> runs) {
    StringBuilder text = new StringBuilder();
    for (String name : pair.servers()) {
      text.append(String.format(Locale.ROOT, "%s %,.0f/s  ", name, rate(runs, name)));
    }
    return text.toString().trim();
  }

  private static String ratios(Pair pair, Map<String, Run> runs) {
    StringBuilder text = new StringBuilder();
    for (Ratio ratio : pair.ratios()) {
      text.append(
          String.format(
              Locale.ROOT,
              "%s %.3f  ",
              ratio.label(),
              rate(runs, ratio.numerator()) / rate(runs, ratio.denominator())));
    }
    return text.toString().trim();
  }

  private static String problems(Map<String, Run> runs) {
    StringBuilder text = new StringBuilder();
    for (Run run : runs.values()) {
      if (!run.problems().isEmpty()) {
        text.append(run.server())
            .append(": ")
            .append(String.join(", ", run.problems()))
            .append("; ");
      }
    }
    return text.toString();
  }

  private static double rate(Map<String, Run> runs, String server) {
    return runs.get(server).load().perSecond();
  }

  private static double cpu(Map<String, Run> runs, String server) {
    return runs.get(server).cpuMicros();
  }

  private static double p99(Map<String, Run> runs, String server) {
    return runs.get(server).load().p99Millis();
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static String list(String label, List<Double> values) {
    StringBuilder text = new StringBuilder();
    for (double value : values) {
      text.append(format(label, value)).append(' ');
    }
    return text.toString().trim();
  }

  /**
   * Requests per second without decimals, CPU µs with one, milliseconds with two, ratios with
   * three.
   */
  private static String format(String label, double value) {
    if (label.endsWith("µs/req")) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (label.endsWith("req/s")) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, label.endsWith(" ms") ? "%.2f" : "%.3f", value);
  }
}
