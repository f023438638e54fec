package dev.hookline.receiver.servlet;

/** The tenant contract on embedded Tomcat. */
class TomcatTenantFilterTest extends TenantFilterContract {

  @Override
  ServletContainer container() {
    return new TomcatContainer();
  }
}
