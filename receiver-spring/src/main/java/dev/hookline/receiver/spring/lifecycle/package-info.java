/**
 * The Lucca endpoint lifecycle in Spring Boot: the tenants of {@code
 * hookline.providers.lucca.lifecycle.tenants.*} provisioned, reconciled and deprovisioned through
 * {@link dev.hookline.receiver.spring.lifecycle.HooklineLifecycles}, on demand through the {@code
 * hooklinelifecycle} actuator endpoint, and on an opt-in schedule.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.spring.lifecycle;

import org.jspecify.annotations.NullMarked;
