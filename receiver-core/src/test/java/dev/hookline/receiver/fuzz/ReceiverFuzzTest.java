package dev.hookline.receiver.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.signature.SignatureTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A seeded fuzzer over every provider's reader: mutants of valid samples and of the fixtures are
 * re-signed with the provider's scheme and sent through a receiver with typed and untyped handlers.
 * Whatever the body, no exception may escape, the status must be a documented one (5xx only for a
 * handler or binding failure), no handler may run for a 4xx, and a handled event's topic and id
 * must come from the signed content.
 *
 * <p>One seed drives a run: {@link #DEFAULT_SEED} unless {@code -Dhookline.fuzz.seed=…} names
 * another or {@code random}; it is printed, so any run replays. {@code -Dhookline.fuzz.mutants=…}
 * sets the mutants per target (default {@value #DEFAULT_MUTANTS}). A failing input is written to
 * {@code src/test/resources/fuzz-regressions/<target>/}; commit it, and {@link
 * #regressionCasesGetADocumentedAnswer} replays it in every build.
 */
class ReceiverFuzzTest {

  static final int DEFAULT_MUTANTS = 1000;

  /**
   * The seed of a run without {@code -Dhookline.fuzz.seed}: fixed, so that every build (and CI)
   * tries the same mutants; explore with {@code -Dhookline.fuzz.seed=random} and more mutants.
   */
  static final long DEFAULT_SEED = 20261130L;

  private static final String REGRESSIONS = "fuzz-regressions";

  @Test
  void everySampleIsHandled() {
    for (FuzzTarget target : FuzzTargets.all()) {
      Recorder recorder = new Recorder();
      WebhookReceiver receiver = target.receiver().apply(recorder);
      for (FuzzInput sample : target.samples()) {
        FuzzOracle.Verdict verdict = FuzzOracle.judge(target, receiver, recorder, sample);

        assertThat(verdict.problems()).as("%s %s", target, sample).isEmpty();
        assertThat(verdict.status()).as("%s %s", target, sample).isEqualTo(200);
        assertThat(recorder.handled).as("%s %s", target, sample).isNotEmpty();
      }
    }
  }

  @Test
  void signedMutantsOfEveryProviderGetADocumentedAnswer() {
    String seedProperty = System.getProperty("hookline.fuzz.seed", Long.toString(DEFAULT_SEED));
    long seed =
        seedProperty.equals("random")
            ? new SecureRandom().nextLong()
            : Long.parseLong(seedProperty);
    int mutants = Integer.getInteger("hookline.fuzz.mutants", DEFAULT_MUTANTS);
    System.out.println(
        "Fuzzing with -Dhookline.fuzz.seed=" + seed + ", " + mutants + " per target");
    Random random = new Random(seed);
    JsonMutator mutator = new JsonMutator(random);
    List<byte[]> fixtures = FuzzTargets.fixtures();
    Map<Integer, Integer> total = new TreeMap<>();
    List<String> findings = new ArrayList<>();
    long start = System.nanoTime();
    for (FuzzTarget target : FuzzTargets.all()) {
      Recorder recorder = new Recorder();
      WebhookReceiver receiver = target.receiver().apply(recorder);
      Map<Integer, Integer> histogram = new TreeMap<>();
      long targetStart = System.nanoTime();
      for (int i = 0; i < mutants; i++) {
        FuzzInput sample = target.samples().get(random.nextInt(target.samples().size()));
        FuzzInput seedInput =
            random.nextInt(5) == 0
                ? sample.withBody(fixtures.get(random.nextInt(fixtures.size())))
                : sample;
        FuzzInput mutant = seedInput.withBody(mutator.mutate(seedInput.body()));
        for (String header : target.mutableHeaders()) {
          if (random.nextInt(10) == 0 && mutant.headers().containsKey(header)) {
            mutant = mutant.withHeader(header, mutator.mutateHeader(mutant.headers().get(header)));
          }
        }
        FuzzOracle.Verdict verdict = FuzzOracle.judge(target, receiver, recorder, mutant);
        histogram.merge(verdict.status(), 1, Integer::sum);
        total.merge(verdict.status(), 1, Integer::sum);
        if (!verdict.problems().isEmpty()) {
          findings.add(target + " " + save(target, mutant) + ": " + verdict.problems());
        }
      }
      System.out.printf(
          "  %s: %d mutants in %d ms, statuses %s%n",
          target, mutants, (System.nanoTime() - targetStart) / 1_000_000, histogram);
    }
    System.out.printf(
        "Fuzzed %d mutants in %d ms, statuses %s, %d findings%n",
        mutants * FuzzTargets.all().size(),
        (System.nanoTime() - start) / 1_000_000,
        total,
        findings.size());
    findings.stream()
        .collect(
            Collectors.groupingBy(
                finding -> finding.replaceAll("[0-9a-f]{16}\\.req|\"[^\"]*\"|[0-9]+", "…"),
                TreeMap::new,
                Collectors.toList()))
        .forEach(
            (kind, all) ->
                System.out.println("  " + all.size() + " × " + FuzzTargets.abbreviate(all.get(0))));

    assertThat(findings).as("findings with -Dhookline.fuzz.seed=%d", seed).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> regressionCasesGetADocumentedAnswer() throws IOException {
    Path root = classpathDirectory(REGRESSIONS);
    List<DynamicTest> tests = new ArrayList<>();
    for (FuzzTarget target : FuzzTargets.all()) {
      Path directory = root.resolve(target.name());
      if (!Files.isDirectory(directory)) {
        continue;
      }
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.sorted().toList()) {
          tests.add(
              DynamicTest.dynamicTest(
                  target + "/" + file.getFileName(),
                  () -> {
                    FuzzInput input = FuzzInput.decode(Files.readAllBytes(file));
                    Recorder recorder = new Recorder();
                    FuzzOracle.Verdict verdict =
                        FuzzOracle.judge(
                            target, target.receiver().apply(recorder), recorder, input);

                    assertThat(verdict.problems()).as("%s", input).isEmpty();
                  }));
        }
      }
    }
    assertThat(tests).as("regression cases under %s", root).isNotEmpty();
    return tests.stream();
  }

  /**
   * Stores a failing input where the regression test finds it once committed, and returns its file
   * name.
   */
  private static String save(FuzzTarget target, FuzzInput input) {
    byte[] file = input.encode();
    String name = SignatureTestSupport.sha256Hex(file).substring(0, 16) + ".req";
    Path resources = Path.of(System.getProperty("basedir", "."), "src", "test", "resources");
    if (Files.isDirectory(resources)) {
      try {
        Path directory =
            Files.createDirectories(resources.resolve(REGRESSIONS).resolve(target.name()));
        Files.write(directory.resolve(name), file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return name;
  }

  private static Path classpathDirectory(String name) {
    URL url = ReceiverFuzzTest.class.getResource("/" + name);
    assertThat(url).as("test resource directory %s", name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
