package dev.hookline.benchmarks.http;

import dev.hookline.benchmarks.LuccaDeliveries;
import dev.hookline.benchmarks.server.Counters;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;

/**
 * Runs wrk against one server with distinct deliveries signed just before: one file of raw requests
 * per wrk thread, streamed by {@code stream-requests.lua}.
 */
final class Wrk {

  /** What wrk reported for one run. */
  record Load(
      long requests,
      double seconds,
      long socketErrors,
      long statusErrors,
      long issued,
      long exhausted,
      double p50Millis,
      double p99Millis) {

    double perSecond() {
      return requests / seconds;
    }
  }

  private final String executable;
  private final Path work;
  private final Path script;

  Wrk(String executable, Path work) throws IOException {
    this.executable = executable;
    this.work = work;
    this.script = work.resolve("stream-requests.lua");
    try (InputStream in = Wrk.class.getResourceAsStream("stream-requests.lua")) {
      if (in == null) {
        throw new IllegalStateException("stream-requests.lua is missing from the jar");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Signs {@code perThread} deliveries per thread from delivery {@code first} on with the current
   * time, writes them, and runs wrk for {@code seconds}, each connection waiting {@code pace}
   * milliseconds after an answer before its next request (none when 0). The files are deleted
   * afterwards.
   */
  Load run(
      ServerProcess server,
      int first,
      int perThread,
      int connections,
      int threads,
      int seconds,
      int pace)
      throws IOException, InterruptedException {
    if ((long) first + (long) perThread * threads > Counters.ID_SPACE) {
      throw new IllegalStateException(
          "the run needs more than " + Counters.ID_SPACE + " distinct deliveries per server");
    }
    Path prefix = work.resolve("requests-" + server.name());
    List<Path> files = new ArrayList<>();
    try {
      int length = 0;
      String timestamp = LuccaDeliveries.luccaTimestamp();
      Mac mac = LuccaDeliveries.luccaMac();
      int delivery = first;
      for (int thread = 1; thread <= threads; thread++) {
        Path file = Path.of(prefix + "." + thread);
        files.add(file);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
          for (int i = 0; i < perThread; i++, delivery++) {
            length = write(out, server.host(), timestamp, mac, delivery, length);
          }
        }
      }
      return parse(
          execute(
              List.of(
                  executable,
                  "-t" + threads,
                  "-c" + connections,
                  "-d" + seconds + "s",
                  "--timeout",
                  "10s",
                  "-s",
                  script.toString(),
                  server.url(),
                  "--",
                  prefix.toString(),
                  Integer.toString(length),
                  Integer.toString(pace))));
    } finally {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Writes one raw request; every request must have the same length. */
  private static int write(
      OutputStream out, String host, String timestamp, Mac mac, int delivery, int length)
      throws IOException {
    byte[] body = LuccaDeliveries.body(delivery);
    byte[] head =
        ("POST "
                + JettyServer.PATH
                + " HTTP/1.1\r\nHost: "
                + host
                + "\r\nContent-Type: application/json\r\nLucca-Timestamp: "
                + timestamp
                + "\r\nLucca-Signature: "
                + LuccaDeliveries.luccaSignature(mac, timestamp, body)
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    int written = head.length + body.length;
    if (length != 0 && written != length) {
      throw new IllegalStateException(
          "request " + delivery + " is " + written + " bytes, the others " + length);
    }
    out.write(head);
    out.write(body);
    return written;
  }

  private String execute(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException("wrk exited with " + exit + ":\n" + output);
    }
    return output;
  }

  private static Load parse(String output) throws IOException {
    for (String line : output.split("\n")) {
      if (line.startsWith("hookline-wrk ")) {
        Map<String, Double> values = new HashMap<>();
        for (String pair : line.substring("hookline-wrk ".length()).trim().split(" ")) {
          int equals = pair.indexOf('=');
          values.put(pair.substring(0, equals), Double.parseDouble(pair.substring(equals + 1)));
        }
        return new Load(
            values.get("requests").longValue(),
            values.get("duration_us") / 1e6,
            (long)
                (values.get("connect")
                    + values.get("read")
                    + values.get("write")
                    + values.get("timeout")),
            values.get("status").longValue(),
            values.get("issued").longValue(),
            values.get("exhausted").longValue(),
            values.get("p50_us") / 1e3,
            values.get("p99_us") / 1e3);
      }
    }
    throw new IOException("no hookline-wrk line in wrk's output:\n" + output);
  }
}
