package dev.hookline.receiver.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own on a free port, without persistence, which the test may
 * kill and start again on the same port (the machine's shared server is never stopped).
 */
final class RedisServerProcess implements AutoCloseable {

  private final int port;
  private Process process;

  private RedisServerProcess(int port) throws IOException, InterruptedException {
    this.port = port;
    this.process = launch(port);
  }

  /** Whether {@code redis-server} is on the PATH. */
  static boolean available() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (new File(directory, "redis-server").canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** Starts a server on a free port and returns once it answers {@code PING}. */
  static RedisServerProcess start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return new RedisServerProcess(port);
  }

  int port() {
    return port;
  }

  /** Kills the server (SIGKILL, as in a crash) and waits until it has exited. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server on port " + port + " did not exit");
    }
  }

  /** Starts the server again on the same port and returns once it answers {@code PING}. */
  void restart() throws IOException, InterruptedException {
    process = launch(port);
  }

  /** Kills the server if it runs. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Process launch(int port) throws IOException, InterruptedException {
    Process started =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!answersPing(port)) {
      if (!started.isAlive() || System.nanoTime() > deadline) {
        started.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
      }
      Thread.sleep(20);
    }
    return started;
  }

  private static boolean answersPing(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.readNBytes(reply, 0, reply.length);
      return new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }
}
