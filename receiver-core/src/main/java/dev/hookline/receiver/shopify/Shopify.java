package dev.hookline.receiver.shopify;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureVerifier;

/** Entry point for Shopify endpoints. */
public final class Shopify {

  /** Shopify: {@code X-Shopify-Hmac-Sha256} and the {@link ShopifyEventReader}. */
  public static final Provider PROVIDER =
      Provider.builder("shopify")
          .scheme(ShopifySignature.builder().scheme())
          .reader(ShopifyEventReader.create())
          .build();

  private Shopify() {}

  /**
   * A receiver builder preset, endpoint name {@code shopify}: {@code X-Shopify-Hmac-Sha256} checked
   * with the given client secrets (several during rotation), the {@link ShopifyEventReader}. Add
   * handlers by topic ({@code orders/create}), then build.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(PROVIDER.scheme().orElseThrow().verifier(secrets));
  }

  /** The same preset with a verifier built elsewhere. */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }
}
