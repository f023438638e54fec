/**
 * A client for Arta's API ({@code https://api.arta.io}): webhooks (create, list, get, update,
 * delete, ping, reset of the {@code secret_token}) and webhook deliveries, whose {@code
 * request_body} holds the event exactly as it was sent. Arta's zone-less timestamps are read as
 * UTC.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.clients.arta;

import org.jspecify.annotations.NullMarked;
