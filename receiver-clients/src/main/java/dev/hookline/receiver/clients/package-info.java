/**
 * Clients for webhook providers' management APIs, built on {@code java.net.http} and Jackson: what
 * their users share lives here (the {@link dev.hookline.receiver.clients.ApiException} family, and
 * the builder settings: API host, timeout, retries of 429 and 503 honouring {@code Retry-After}),
 * each provider's client in its own sub-package, the replayers of missed deliveries in {@code
 * replay}, and the plumbing the clients share (transport, JSON calls, lazy paging, timestamp
 * parsing) in {@code internal}, which is not API.
 *
 * <pre>{@code
 * LuccaClient lucca = LuccaClient.builder()
 *     .apiHost(URI.create("https://example.ilucca.net"))
 *     .clientId(id).clientSecret(secret)
 *     .build();
 * CreatedEndpoint created = lucca.createEndpoint(
 *     EndpointCreation.of(URI.create("https://hooks.example.com/lucca"), List.of("employee.*")));
 * vault.store(created.secret()); // returned once, never readable again
 * ReplayReport report = LuccaReplayer.of(lucca, receiver).replaySince(Instant.now().minus(Duration.ofDays(1)));
 * }</pre>
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.clients;

import org.jspecify.annotations.NullMarked;
