package dev.hookline.receiver.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 11 (Servlet 6.1). */
final class TomcatContainer implements ServletContainer {

  private Tomcat tomcat;

  @Override
  public URI start(List<Filter> filters, HttpServlet servlet) throws Exception {
    Path baseDir = Files.createTempDirectory("tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    // Tomcat refuses more than 100 header lines by default; lifted, so that the tests meet the
    // filter's own limit on header names, as on Jetty, which has none.
    tomcat.getConnector().setProperty("maxHeaderCount", "1000");
    tomcat.getConnector().setProperty("maxThreads", Integer.toString(MAX_THREADS));
    Context context = tomcat.addContext("", baseDir.toString());
    int index = 0;
    for (Filter filter : filters) {
      FilterDef definition = new FilterDef();
      definition.setFilterName("filter" + index);
      definition.setFilter(filter);
      definition.setAsyncSupported("true");
      context.addFilterDef(definition);
      FilterMap mapping = new FilterMap();
      mapping.setFilterName("filter" + index);
      mapping.addURLPattern("/*");
      context.addFilterMap(mapping);
      index++;
    }
    Wrapper next = Tomcat.addServlet(context, "next", servlet);
    next.setAsyncSupported(true);
    next.addMapping("/*");
    tomcat.start();
    return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
  }

  @Override
  public boolean mergesRepeatedSlashes() {
    return true;
  }

  @Override
  public void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  @Override
  public String toString() {
    return ServerInfo.getServerInfo();
  }
}
