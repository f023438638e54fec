/**
 * A JDBC {@link dev.hookline.receiver.idempotency.IdempotencyStore}: {@link
 * dev.hookline.receiver.jdbc.JdbcIdempotencyStore} keeps one row per idempotency key in a table
 * shared by every receiver instance, on PostgreSQL, MySQL/MariaDB or H2 ({@link
 * dev.hookline.receiver.jdbc.Dialect}), with the DDL of each dialect shipped as a resource in this
 * package. {@link dev.hookline.receiver.jdbc.JdbcInbox} is the durable {@link
 * dev.hookline.receiver.inbox.Inbox} of asynchronous receivers and its {@link
 * dev.hookline.receiver.inbox.InboxAdmin}, in a table of its own on the same databases. {@link
 * dev.hookline.receiver.jdbc.JdbcSecretVault} keeps tenants' signing secrets encrypted at rest
 * (AES-256-GCM under keys from configuration) and is a {@link
 * dev.hookline.receiver.signature.SecretSource}. Everything here is non-null unless documented
 * otherwise.
 */
@NullMarked
package dev.hookline.receiver.jdbc;

import org.jspecify.annotations.NullMarked;
