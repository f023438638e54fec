/**
 * Observing the endpoints, each part when its library is present: Micrometer metrics, the health of
 * the idempotency store and inboxes (Boot 4's {@code spring-boot-health} or Boot 3's actuator), and
 * the {@code hookline} actuator endpoint listing the endpoints and requeueing dead messages.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.spring.observability;

import org.jspecify.annotations.NullMarked;
