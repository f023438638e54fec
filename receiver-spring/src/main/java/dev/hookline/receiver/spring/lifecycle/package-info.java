/**
 * The Lucca and Arta endpoint lifecycles in Spring Boot: the tenants of {@code
 * hookline.providers.lucca.lifecycle.tenants.*} and {@code
 * hookline.providers.arta.lifecycle.tenants.*} provisioned, reconciled, rotated (Arta) and
 * deprovisioned through {@link dev.hookline.receiver.spring.lifecycle.HooklineLifecycles}, on
 * demand through the {@code hooklinelifecycle} actuator endpoint, and on an opt-in schedule.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.spring.lifecycle;

import org.jspecify.annotations.NullMarked;
