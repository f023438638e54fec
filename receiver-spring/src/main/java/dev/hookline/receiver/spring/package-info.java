/**
 * The Spring Boot starter (Boot 3.5 and 4.x), and what application code annotates: {@link
 * dev.hookline.receiver.spring.WebhookListener} methods handle an endpoint's events, their
 * parameters marked {@link dev.hookline.receiver.spring.WebhookHeader} or {@link
 * dev.hookline.receiver.spring.Previous}. The starter's features each have a package: {@code
 * listener} (calling listener methods), {@code autoconfigure} (endpoints from {@code hookline.*}
 * properties, their receivers and the servlet filter), {@code observability} (metrics, health and
 * the {@code hookline} actuator endpoint) and {@code replay} (provider API clients and the replay
 * of failed deliveries). This package depends on none of them.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.spring;

import org.jspecify.annotations.NullMarked;
