/**
 * The HTTP settings every provider API client shares: API host, HTTP client, timeout and retries
 * ({@link dev.hookline.receiver.clients.http.ApiClientBuilder}).
 */
@NullMarked
package dev.hookline.receiver.clients.http;

import org.jspecify.annotations.NullMarked;
