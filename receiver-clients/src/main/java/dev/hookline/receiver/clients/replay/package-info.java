/**
 * Replays deliveries a provider could not make: the events are fetched from its authenticated
 * management API and run through a {@link dev.hookline.receiver.WebhookReceiver}'s reader,
 * idempotency keys and handlers ({@link dev.hookline.receiver.WebhookReceiver#replay}), so an event
 * that was handled live is reported as already handled and never handled twice.
 *
 * <pre>{@code
 * ReplayReport report = LuccaReplayer.of(luccaClient, receiver)
 *     .replaySince(Instant.now().minus(Duration.ofHours(6)));
 * log.info("Replayed {}, already handled {}, failed {}",
 *     report.replayed(), report.alreadyHandled(), report.failures());
 * }</pre>
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.clients.replay;

import org.jspecify.annotations.NullMarked;
