/**
 * The Spring Boot starter (Boot 3.5 and 4.x): endpoints from {@code hookline.*} properties, {@link
 * dev.hookline.receiver.spring.WebhookListener} methods as handlers, a servlet filter ahead of
 * Spring Security, Micrometer metrics, the idempotency store's health and a {@code hookline}
 * actuator endpoint.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
package dev.hookline.receiver.spring;
