package dev.hookline.receiver.signature;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How a sender signs its requests, as one immutable description that gives both sides: the
 * receiver's {@link #verifier(List) verifier} and the sender's {@link #signer(String) signer}, so a
 * test or a command line signs exactly what the receiver checks. {@link HmacSignature} describes
 * any HMAC scheme; each provider's scheme is a preset of it.
 */
public interface SignatureScheme {

  /**
   * A verifier accepting a signature made with any of the secrets (several during a rotation).
   *
   * @throws WebhookConfigurationException if no secret is given or one cannot be a key; the message
   *     names a secret by its position, never by its value
   */
  SignatureVerifier verifier(List<String> secrets);

  /** A verifier accepting a signature made with any of the secrets; see {@link #verifier(List)}. */
  default SignatureVerifier verifier(String... secrets) {
    return verifier(List.of(secrets));
  }

  /**
   * A signer with one secret, as the sender holds it.
   *
   * @throws WebhookConfigurationException if the secret cannot be a key
   */
  WebhookSigner signer(String secret);

  /**
   * The same scheme whose verifiers accept a signed timestamp this far from their clock, either
   * way. A scheme that signs no timestamp returns itself.
   */
  SignatureScheme withTolerance(Duration tolerance);

  /** The same scheme whose verifiers check timestamps against this clock. */
  SignatureScheme withClock(Clock clock);

  /**
   * The same scheme whose verifiers also accept signatures checked with these public keys (Standard
   * Webhooks' v1a Ed25519); {@link #verifier(List)} then needs no secret.
   *
   * @throws WebhookConfigurationException if the scheme has no public-key signatures
   */
  default SignatureScheme withPublicKeys(List<String> publicKeys) {
    throw new WebhookConfigurationException(this + " has no public-key signatures");
  }
}
