package dev.hookline.receiver.signature;

import dev.hookline.receiver.core.WebhookRequest;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request really comes from the sender, over the raw body bytes and before any
 * parsing. Implementations are immutable and thread-safe; a {@link SignatureScheme} builds them
 * ({@code Lucca.scheme().verifier(secrets…)} and the other providers' schemes, {@link
 * HmacSignature} for any other HMAC scheme).
 */
@FunctionalInterface
public interface SignatureVerifier {

  /**
   * Checks the request's signature.
   *
   * @return {@link Verification#valid()} or an invalid result with its {@link Reason}
   */
  Verification verify(WebhookRequest request);

  /**
   * The lower-case names of the request headers whose values this verifier's signature covers
   * whenever it accepts a request: a request whose value of one of these headers was changed is
   * rejected. Other parts of the receiver may trust only these headers (for example CloudEvents
   * binary mode needs {@code ce-id}, {@code ce-source} and {@code ce-type} among them).
   *
   * @return an immutable set; by default empty, which claims nothing: a verifier that covers
   *     headers overrides this
   */
  default Set<String> signedHeaders() {
    return Set.of();
  }

  /**
   * A verifier that accepts every request, for senders with no documented signature scheme. It logs
   * a warning when created: anyone who can reach the endpoint can then inject events, so protect it
   * another way (a secret path, network rules). It covers no header: its {@link #signedHeaders()}
   * is empty.
   *
   * @param why recorded in the warning, e.g. {@code "Arta documents no signature scheme"}
   */
  static SignatureVerifier unverified(String why) {
    LoggerFactory.getLogger(SignatureVerifier.class)
        .warn(
            "Webhook signatures will NOT be verified ({}): anyone who can reach this endpoint can"
                + " submit events",
            why);
    return new SignatureVerifier() {
      @Override
      public Verification verify(WebhookRequest request) {
        return Verification.valid();
      }

      @Override
      public String toString() {
        return "SignatureVerifier[unverified: " + why + "]";
      }
    };
  }
}
