package dev.hookline.receiver.registry;

import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.provider.ProviderPlugin;
import dev.hookline.receiver.shopify.Shopify;
import dev.hookline.receiver.slack.Slack;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The providers an application knows, by id: Hookline's built-ins, what the application registers,
 * and, only when asked, what {@link ProviderPlugin}s on the class path contribute. Immutable:
 * {@link #with} and {@link #installPlugins()} return a new registry. Spring configuration's {@code
 * provider:} and the command line's {@code --provider} are ids looked up here.
 *
 * <pre>{@code
 * ProviderRegistry registry = ProviderRegistry.builtIns().with(acme).installPlugins();
 * Provider lucca = registry.get("lucca");
 * }</pre>
 */
public final class ProviderRegistry {

  private final List<Provider> providers;

  private ProviderRegistry(List<Provider> providers) {
    this.providers = List.copyOf(providers);
  }

  /**
   * Hookline's providers: {@code lucca}, {@code standard-webhooks} (also {@code svix} and {@code
   * standardwebhooks}), {@code github}, {@code stripe}, {@code arta}, {@code shopify} and {@code
   * slack}.
   */
  public static ProviderRegistry builtIns() {
    return new ProviderRegistry(List.of())
        .with(
            Lucca.PROVIDER,
            StandardWebhooks.PROVIDER,
            GitHub.PROVIDER,
            Stripe.PROVIDER,
            Arta.PROVIDER,
            Shopify.PROVIDER,
            Slack.PROVIDER);
  }

  /** A registry of just these providers, without the built-ins. */
  public static ProviderRegistry of(Provider... providers) {
    return new ProviderRegistry(List.of()).with(providers);
  }

  /**
   * This registry and the given providers.
   *
   * @throws WebhookConfigurationException if an id or alias is already taken
   */
  public ProviderRegistry with(Provider... added) {
    return with(Arrays.asList(added));
  }

  /** This registry and the given providers; see {@link #with(Provider...)}. */
  public ProviderRegistry with(Collection<Provider> added) {
    List<Provider> all = new ArrayList<>(providers);
    for (Provider provider : added) {
      for (String name : names(provider)) {
        for (Provider known : all) {
          if (known.answersTo(name)) {
            throw new WebhookConfigurationException(
                "provider id \"" + name + "\" is already taken by " + known.id());
          }
        }
      }
      all.add(provider);
    }
    return new ProviderRegistry(all);
  }

  /**
   * This registry and the providers of every {@link ProviderPlugin} the thread's context class
   * loader lists in {@code META-INF/services}.
   *
   * @throws WebhookConfigurationException if a plugin cannot be loaded or an id clashes
   */
  public ProviderRegistry installPlugins() {
    return installPlugins(Thread.currentThread().getContextClassLoader());
  }

  /** This registry and the providers of the plugins the class loader lists; see above. */
  public ProviderRegistry installPlugins(ClassLoader loader) {
    ProviderRegistry registry = this;
    try {
      for (ProviderPlugin plugin : ServiceLoader.load(ProviderPlugin.class, loader)) {
        registry = registry.with(plugin.providers());
      }
    } catch (ServiceConfigurationError e) {
      throw new WebhookConfigurationException(
          "a provider plugin could not be loaded: " + e.getMessage(), e);
    }
    return registry;
  }

  /** The provider with this id or alias, ignoring case. */
  public Optional<Provider> find(String idOrAlias) {
    for (Provider provider : providers) {
      if (provider.answersTo(idOrAlias)) {
        return Optional.of(provider);
      }
    }
    return Optional.empty();
  }

  /**
   * The provider with this id or alias, ignoring case.
   *
   * @throws WebhookConfigurationException naming the known ids if there is none
   */
  public Provider get(String idOrAlias) {
    return find(idOrAlias)
        .orElseThrow(
            () ->
                new WebhookConfigurationException(
                    "unknown provider \"" + idOrAlias + "\"; known: " + String.join(", ", ids())));
  }

  /** The providers, in the order they were registered. */
  public List<Provider> providers() {
    return providers;
  }

  /** The providers' ids, in the order they were registered. */
  public List<String> ids() {
    return providers.stream().map(Provider::id).collect(Collectors.toUnmodifiableList());
  }

  @Override
  public String toString() {
    return "ProviderRegistry" + ids();
  }

  private static List<String> names(Provider provider) {
    List<String> names = new ArrayList<>(provider.aliases());
    names.add(0, provider.id());
    return names;
  }
}
