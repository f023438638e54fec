/**
 * Slack's Events API: the {@code X-Slack-Signature} v0 scheme, the event reader (topic from the
 * inner event's type, key from {@code event_id}, the {@code url_verification} handshake answered
 * from the signed body) and the receiver preset. Slash commands and interactivity, which Slack
 * sends form-encoded, are not read here.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.slack;

import org.jspecify.annotations.NullMarked;
