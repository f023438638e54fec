package dev.hookline.receiver.clients.arta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A webhook's new {@code secret_token}, as returned by {@link ArtaClient#resetSecretToken(long)}.
 * {@link #toString()} masks it.
 *
 * @param secretToken the token
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArtaSecretToken(@JsonProperty("secret_token") String secretToken) {

  /** Checks that the token is present. */
  public ArtaSecretToken {
    Objects.requireNonNull(secretToken, "secretToken");
  }

  /** Masks the token. */
  @Override
  public String toString() {
    return "ArtaSecretToken[***]";
  }
}
