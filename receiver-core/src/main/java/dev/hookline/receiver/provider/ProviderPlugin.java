package dev.hookline.receiver.provider;

import java.util.Collection;

/**
 * Contributes providers to a registry that installs plugins: list the implementation in {@code
 * META-INF/services/dev.hookline.receiver.provider.ProviderPlugin} and call {@code
 * ProviderRegistry.builtIns().installPlugins()}. Nothing is discovered unless the application asks:
 * a jar on the class path adds no provider by itself. Implementations need a public no-argument
 * constructor.
 */
@FunctionalInterface
public interface ProviderPlugin {

  /** The providers to register; their ids and aliases must not clash with registered ones. */
  Collection<Provider> providers();
}
