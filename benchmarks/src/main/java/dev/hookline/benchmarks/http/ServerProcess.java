package dev.hookline.benchmarks.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark server in its own JVM: started from a command that takes the port as its last
 * argument, logging to {@code <work>/<name>.log}, and read through its {@code GET /counters}.
 */
final class ServerProcess {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String name;
  private final int port;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Starts the command with a free port appended and waits until its counters answer. */
  static ServerProcess start(String name, List<String> command, Path work)
      throws IOException, InterruptedException {
    int port = freePort();
    List<String> full = new ArrayList<>(command);
    full.add(Integer.toString(port));
    Path log = work.resolve(name + ".log");
    Process process =
        new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerProcess server = new ServerProcess(name, port, process, log);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited at startup: see " + log);
      }
      try {
        server.counters();
        return server;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException(name + " did not answer within 3 minutes: see " + log);
        }
        Thread.sleep(250);
      }
    }
  }

  String name() {
    return name;
  }

  /** The webhook URL wrk loads. */
  String url() {
    return "http://127.0.0.1:" + port + JettyServer.PATH;
  }

  /** The {@code Host} header value of requests to this server. */
  String host() {
    return "127.0.0.1:" + port;
  }

  /**
   * The CPU time the server's JVM has used so far, all its threads, as the operating system counts
   * it (in clock ticks on Linux: 10 ms).
   */
  Duration cpu() {
    return process
        .info()
        .totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("no CPU time for " + name));
  }

  /** The server's counts now. */
  Map<String, Long> counters() throws IOException, InterruptedException {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/counters"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(name + " answered " + response.statusCode() + " to GET /counters");
    }
    Map<String, Long> counts = new HashMap<>();
    for (String pair : response.body().trim().split(" ")) {
      int equals = pair.indexOf('=');
      counts.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
    }
    return counts;
  }

  /**
   * The counts once the requests still in flight when wrk stopped are through: nothing active and
   * two reads 100 ms apart alike (at most 10 seconds).
   */
  Map<String, Long> settledCounters() throws IOException, InterruptedException {
    Map<String, Long> previous = counters();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      Thread.sleep(100);
      Map<String, Long> now = counters();
      if ((now.get("active") == 0 && now.equals(previous)) || System.nanoTime() > deadline) {
        return now;
      }
      previous = now;
    }
  }

  /** Stops the server (at most 10 seconds, then kills it). Does nothing if it has exited. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (port " + port + ", log " + log + ")";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
