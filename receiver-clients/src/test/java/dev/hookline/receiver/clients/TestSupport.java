package dev.hookline.receiver.clients;

import dev.hookline.receiver.core.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Fixtures, a settable clock and a Lucca signer written independently of the main code. */
public final class TestSupport {

  /** The secret of the Lucca create-endpoint fixture. */
  public static final String LUCCA_SECRET =
      "b3YGydKxao0CYEg4-2LM81rviT-vl2JzKyf_zlewRn0cpoHzh4mRLj5_Ty5neQta";

  /** The host the Lucca fixtures point at; tests replace it with WireMock's. */
  public static final String FIXTURE_HOST = "https://example.ilucca.net";

  private TestSupport() {}

  /** A fixture copied from ../shared/fixtures into the test resources. */
  public static String fixture(String path) {
    try (InputStream in = TestSupport.class.getResourceAsStream("/fixtures/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Lucca fixture with its links pointing at the given base URL. */
  public static String lucca(String name, String baseUrl) {
    return fixture("lucca/" + name).replace(FIXTURE_HOST, baseUrl);
  }

  /** A Lucca POST signed now with the secret, as Lucca sends it. */
  public static WebhookRequest signedLucca(byte[] body, String secret) {
    String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, content, 0, prefix.length);
    System.arraycopy(body, 0, content, prefix.length, body.length);
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      signature = Base64.getEncoder().encodeToString(mac.doFinal(content));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return WebhookRequest.builder()
        .method("POST")
        .path("/webhooks/lucca")
        .header("Content-Type", "application/json")
        .header("Lucca-Timestamp", timestamp)
        .header("Lucca-Signature", signature)
        .body(body)
        .build();
  }

  /** A clock tests move forward by hand. */
  public static final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(Instant start) {
      this.now = start;
    }

    public void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
