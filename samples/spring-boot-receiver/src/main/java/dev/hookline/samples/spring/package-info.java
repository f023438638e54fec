/**
 * A Spring Boot 4 app on the Hookline starter: {@code application.yml} declares a Lucca, a Standard
 * Webhooks, a GitHub, a Stripe and an Arta endpoint, and a Lucca endpoint for two tenants ({@code
 * /webhooks/lucca/{tenant}}, each tenant with its own secret), {@link
 * dev.hookline.samples.spring.SampleListeners} logs and records each handled event, and {@link
 * dev.hookline.samples.spring.DemoEventsController} lists them at {@code GET /demo/events}. Secrets
 * come from the environment; without them the app runs on public demo secrets and says so loudly
 * ({@link dev.hookline.samples.spring.DemoSecrets}). With a provider's API variables and a replay
 * password set, missed deliveries can be replayed through {@code /actuator/hooklinereplay}, behind
 * HTTP Basic ({@link dev.hookline.samples.spring.ReplayAccess}).
 */
package dev.hookline.samples.spring;
