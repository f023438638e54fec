/**
 * A client for Lucca's management API ({@code /lucca-api/…}): OAuth2 client-credentials tokens,
 * webhook endpoints (create, list, get, update, delete), deliveries (list, get, test, retry) and
 * delivery attempts with their embedded deliveries and full events, read lazily page by page.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.clients.lucca;

import org.jspecify.annotations.NullMarked;
