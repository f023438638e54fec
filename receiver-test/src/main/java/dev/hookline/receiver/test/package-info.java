/**
 * The Hookline test kit: an in-process given/when/then tester ({@link
 * dev.hookline.receiver.test.ReceiverTester}), a JUnit 5 extension injecting a {@link
 * dev.hookline.receiver.test.TestClock} and {@link dev.hookline.receiver.test.TestSigners} ({@link
 * dev.hookline.receiver.test.HooklineExtension}), an HTTP client for live ports ({@link
 * dev.hookline.receiver.test.LiveWebhooks}) and the contracts every idempotency store and inbox
 * keeps ({@link dev.hookline.receiver.test.IdempotencyStoreContract}, {@link
 * dev.hookline.receiver.test.InboxContract}), and a child JVM for tests that kill a process with
 * SIGKILL ({@link dev.hookline.receiver.test.ChildJvm}). The payloads, signers and signed requests
 * it works with are in {@code receiver-fixtures} ({@code dev.hookline.receiver.fixtures}), which
 * comes with it. Depends on receiver-core and receiver-fixtures alone (JUnit 5 is optional, for the
 * extension and the contracts); the Spring helpers are in {@code receiver-spring-test}. Use it in
 * test scope. Everything is non-null by default; values are immutable unless documented as
 * builders.
 */
@NullMarked
package dev.hookline.receiver.test;

import org.jspecify.annotations.NullMarked;
