/**
 * The endpoint lifecycle of an endpoint with tenants: each tenant's webhook endpoint at the
 * provider created with its shown-once secret stored first in a {@link
 * dev.hookline.receiver.signature.SecretStore} (or deleted again if storing fails), checked and
 * repaired (a suspended Lucca endpoint reactivated and its failed deliveries replayed once),
 * rotated (Arta's token), and deleted before its secrets. {@link
 * dev.hookline.receiver.clients.lifecycle.LuccaLifecycle} and {@link
 * dev.hookline.receiver.clients.lifecycle.ArtaLifecycle} report what they did per tenant in a
 * {@link dev.hookline.receiver.clients.lifecycle.TenantReport}.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.clients.lifecycle;

import org.jspecify.annotations.NullMarked;
