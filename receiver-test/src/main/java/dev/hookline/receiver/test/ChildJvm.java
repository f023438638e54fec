package dev.hookline.receiver.test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Another JVM running a class's {@code main} on the test's own class path, for tests of real
 * crashes: the child prints a line when it reaches the point a test wants to crash it at, the test
 * waits for that line and kills the child with SIGKILL, so no shutdown hook, {@code finally} block
 * or driver cleanup runs. Standard error is merged into the output. Not thread-safe; close it to
 * make sure the child is gone.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final BufferedReader output;
  private final StringBuilder printed = new StringBuilder();

  private ChildJvm(Process process) {
    this.process = process;
    this.output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code mainClass.main(args)} in a new JVM of this JVM's installation, on this JVM's
   * class path.
   *
   * @throws IOException if the JVM cannot be started
   */
  public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
    Objects.requireNonNull(mainClass, "mainClass");
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /**
   * Reads the child's output until a line equal to the given one.
   *
   * @return true once the line is read, false if the child's output ended before it
   * @throws IOException if the output cannot be read
   */
  public boolean awaitLine(String line) throws IOException {
    Objects.requireNonNull(line, "line");
    String read;
    while ((read = output.readLine()) != null) {
      if (read.equals(line)) {
        return true;
      }
      printed.append(read).append('\n');
    }
    return false;
  }

  /** The lines the child printed before the awaited ones, for failure messages. */
  public String printed() {
    return printed.toString();
  }

  /**
   * Kills the child at once, with SIGKILL on Linux and macOS, and waits for it to end.
   *
   * @return true if it ended within the timeout
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean kill(Duration timeout) throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Kills the child if it still runs, and closes its output. */
  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    output.close();
  }
}
