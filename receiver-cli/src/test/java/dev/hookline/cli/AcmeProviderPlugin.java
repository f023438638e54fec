package dev.hookline.cli;

import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.provider.ProviderPlugin;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.TimestampFormat;
import java.util.Collection;
import java.util.List;

/**
 * A provider that exists only in these tests, listed in this module's test {@code
 * META-INF/services}: {@code Acme-Signature: v1=<hex>} over {@code {id}.{timestamp}.{body}} with
 * {@code Acme-Delivery} and {@code Acme-Timestamp}, JSON events with {@code kind}, {@code uid} and
 * {@code payload}. No class of the command line names it.
 */
public final class AcmeProviderPlugin implements ProviderPlugin {

  /** Created by {@link java.util.ServiceLoader}. */
  public AcmeProviderPlugin() {}

  @Override
  public Collection<Provider> providers() {
    return List.of(
        Provider.builder("acme")
            .scheme(
                HmacSignature.builder()
                    .signatureHeader("Acme-Signature")
                    .prefix("v1=")
                    .idHeader("Acme-Delivery")
                    .timestampHeader(TimestampFormat.UNIX_SECONDS, "Acme-Timestamp")
                    .signedContent("{id}.{timestamp}.{body}")
                    .scheme())
            .reader(JsonEventReader.of("acme", "kind", "uid", "payload"))
            .build());
  }
}
