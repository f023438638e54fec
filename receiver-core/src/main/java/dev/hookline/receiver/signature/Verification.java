package dev.hookline.receiver.signature;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link SignatureVerifier#verify}: valid, or invalid with a {@link Reason} and a
 * detail naming the header or rule involved. The detail never holds a secret or a signature.
 */
public final class Verification {

  private static final Verification VALID = new Verification(null, "valid");

  private final @Nullable Reason reason;
  private final String detail;

  private Verification(@Nullable Reason reason, String detail) {
    this.reason = reason;
    this.detail = detail;
  }

  /** The result of a request whose signature matched. */
  public static Verification valid() {
    return VALID;
  }

  /** The result of a rejected request. */
  public static Verification invalid(Reason reason, String detail) {
    return new Verification(
        Objects.requireNonNull(reason, "reason"), Objects.requireNonNull(detail, "detail"));
  }

  /** Whether the request is authentic. */
  public boolean isValid() {
    return reason == null;
  }

  /** Why the request was rejected; empty when valid. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /** A short human-readable explanation, e.g. {@code missing header Lucca-Signature}. */
  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return reason == null ? "Verification[valid]" : "Verification[" + reason + ": " + detail + "]";
  }
}
