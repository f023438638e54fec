package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.provider.ProviderPlugin;
import dev.hookline.receiver.signature.HmacSignature;
import java.util.Collection;
import java.util.List;

/**
 * A plugin listed in the tests' {@code META-INF/services}: the provider {@code plugged}, which the
 * registry holds only with {@code hookline.install-plugins=true}.
 */
public class TestProviderPlugin implements ProviderPlugin {

  /** The plugin's provider: an HMAC header of its own and a plain JSON reader. */
  static final Provider PLUGGED =
      Provider.builder("plugged")
          .scheme(HmacSignature.builder().signatureHeader("X-Plugged-Signature").scheme())
          .reader(JsonEventReader.of("plugged", "type", "id", "data"))
          .build();

  @Override
  public Collection<Provider> providers() {
    return List.of(PLUGGED);
  }
}
