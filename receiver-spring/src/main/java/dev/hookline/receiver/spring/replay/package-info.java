/**
 * With {@code dev.hookline:receiver-clients}: provider API clients from {@code
 * hookline.providers.*}, the replay of failed deliveries through the endpoints' receivers ({@link
 * dev.hookline.receiver.spring.replay.HooklineReplays}), the opt-in scheduled catch-up and the
 * {@code hooklinereplay} actuator endpoint.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.spring.replay;

import org.jspecify.annotations.NullMarked;
