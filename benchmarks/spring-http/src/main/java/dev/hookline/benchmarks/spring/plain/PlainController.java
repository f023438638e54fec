package dev.hookline.benchmarks.spring.plain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.benchmarks.server.Counters;
import dev.hookline.benchmarks.server.LuccaFloor;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plain receiver: reads the body as bytes, checks the Lucca HMAC and parses it with Jackson, as
 * {@link LuccaFloor} does, then answers 200 (401 when the signature does not match).
 */
@RestController
public class PlainController {

  private final Counters counters;
  private final LuccaFloor floor;

  PlainController(Counters counters, @Value("${benchmark.secret}") String secret) {
    this.counters = counters;
    this.floor = new LuccaFloor(secret);
  }

  /** {@code POST /webhooks/lucca}. */
  @PostMapping("/webhooks/lucca")
  public ResponseEntity<Void> receive(
      @RequestHeader(name = "Lucca-Timestamp", required = false) @Nullable String timestamp,
      @RequestHeader(name = "Lucca-Signature", required = false) @Nullable String signature,
      @RequestBody byte[] body)
      throws IOException {
    JsonNode event = floor.verifyAndParse(timestamp, signature, body);
    if (event == null) {
      return ResponseEntity.status(401).build();
    }
    counters.handled(event.path("id").asText());
    return ResponseEntity.ok().build();
  }
}
