package dev.hookline.receiver.servlet;

/** The filter contract on embedded Tomcat 11. */
class TomcatWebhookFilterTest extends WebhookFilterContract {

  @Override
  ServletContainer container() {
    return new TomcatContainer();
  }
}
