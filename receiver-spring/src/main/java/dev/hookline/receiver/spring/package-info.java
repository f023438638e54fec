/**
 * The Spring Boot starter (Boot 3.5 and 4.x): endpoints from {@code hookline.*} properties, {@link
 * dev.hookline.receiver.spring.WebhookListener} methods as handlers, a servlet filter ahead of
 * Spring Security, Micrometer metrics, the idempotency store's health and a {@code hookline}
 * actuator endpoint. With receiver-clients, provider API clients from {@code hookline.providers.*},
 * replay of failed deliveries ({@link dev.hookline.receiver.spring.HooklineReplays}), an opt-in
 * scheduled catch-up and a {@code hooklinereplay} actuator endpoint.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
package dev.hookline.receiver.spring;
