package dev.hookline.receiver.servlet;

/** The tenant contract on embedded Jetty 12 (ee10). */
class JettyTenantFilterTest extends TenantFilterContract {

  @Override
  ServletContainer container() {
    return new JettyContainer();
  }
}
