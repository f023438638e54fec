package dev.hookline.receiver.servlet;

/** The filter contract on embedded Jetty 12 (ee10). */
class JettyWebhookFilterTest extends WebhookFilterContract {

  @Override
  ServletContainer container() {
    return new JettyContainer();
  }
}
