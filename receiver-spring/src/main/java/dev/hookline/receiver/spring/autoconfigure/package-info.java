/**
 * The starter's auto-configuration: a receiver per {@code hookline.endpoints.<name>}, the
 * idempotency store and inboxes from {@code hookline.idempotency.*} and {@code hookline.inbox.*},
 * the servlet filter ahead of Spring Security, the {@link
 * dev.hookline.receiver.registry.ProviderRegistry} that endpoints name their provider in, and the
 * extension beans an application may declare ({@link dev.hookline.receiver.provider.Provider},
 * {@link dev.hookline.receiver.spring.autoconfigure.InboxFactory}, {@link
 * dev.hookline.receiver.spring.autoconfigure.HooklineObjectMapperCustomizer}, {@link
 * dev.hookline.receiver.spring.autoconfigure.EndpointListenerFactory}).
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
