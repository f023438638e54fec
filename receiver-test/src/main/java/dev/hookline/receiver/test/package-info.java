/**
 * The Hookline test kit: signers that sign bodies the way each sender does ({@link
 * dev.hookline.receiver.test.Signers}), ready payloads per provider ({@link
 * dev.hookline.receiver.test.LuccaFixtures}, {@link dev.hookline.receiver.test.ArtaFixtures}, …),
 * signed requests with mutations for negative tests ({@link
 * dev.hookline.receiver.test.SignedRequests}), an in-process given/when/then tester ({@link
 * dev.hookline.receiver.test.ReceiverTester}), a JUnit 5 extension ({@link
 * dev.hookline.receiver.test.HooklineExtension}), an HTTP client for live ports ({@link
 * dev.hookline.receiver.test.LiveWebhooks}) and the contracts every idempotency store and inbox
 * keeps ({@link dev.hookline.receiver.test.IdempotencyStoreContract}, {@link
 * dev.hookline.receiver.test.InboxContract}). Depends on receiver-core alone (JUnit 5 is optional,
 * for the extension and the contracts); the Spring helpers are in {@code receiver-spring-test}. Use
 * it in test scope. Everything is non-null by default; values are immutable unless documented as
 * builders.
 */
package dev.hookline.receiver.test;
