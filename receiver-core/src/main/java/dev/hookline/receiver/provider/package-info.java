/**
 * The provider model: a {@link dev.hookline.receiver.provider.Provider} is one sender's signature
 * scheme, reader, challenge and retry statuses as one value; a {@link
 * dev.hookline.receiver.provider.ProviderPlugin} contributes providers to a registry.
 */
@NullMarked
package dev.hookline.receiver.provider;

import org.jspecify.annotations.NullMarked;
