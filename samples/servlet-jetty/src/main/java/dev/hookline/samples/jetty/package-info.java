/**
 * A plain-Java webhook receiver, no framework: {@link dev.hookline.samples.jetty.JettySample}
 * starts embedded Jetty with one {@link dev.hookline.receiver.servlet.WebhookFilter} that sends
 * {@code /webhooks/lucca} to a Lucca receiver and {@code /webhooks/standard} to a Standard Webhooks
 * receiver, whose handlers log the typed events; every other path passes through the filter to a
 * servlet that answers 404. Secrets come from the environment; without them the app runs on
 * well-known demo secrets and says so loudly.
 */
package dev.hookline.samples.jetty;
