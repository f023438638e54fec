package dev.hookline.receiver.registry;

import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.provider.ProviderPlugin;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.TimestampFormat;
import java.util.Collection;
import java.util.List;

/**
 * A provider that exists only in these tests, listed in this module's test {@code
 * META-INF/services}: {@code X-Acme-Signature} over {@code {timestamp}.{body}}, JSON events with
 * {@code type}, {@code id} and {@code data}.
 */
public final class AcmePlugin implements ProviderPlugin {

  static final Provider ACME =
      Provider.builder("acme")
          .alias("acme-corp")
          .scheme(
              HmacSignature.builder()
                  .signatureHeader("X-Acme-Signature")
                  .encoding(SignatureEncoding.BASE64)
                  .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Acme-Timestamp")
                  .signedContent("{timestamp}.{body}")
                  .scheme())
          .reader(JsonEventReader.of("acme", "type", "id", "data"))
          .build();

  @Override
  public Collection<Provider> providers() {
    return List.of(ACME);
  }
}
