package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.servlet.WebhookFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The servlet filter the starter registers: the container creates it before the listener beans
 * exist, so it delegates to the {@link WebhookFilter} that {@link HooklineReceivers} builds once
 * the context is refreshed, and answers 503 before that.
 */
public final class HooklineFilter implements Filter {

  private final HooklineReceivers receivers;

  HooklineFilter(HooklineReceivers receivers) {
    this.receivers = receivers;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!receivers.ready() && response instanceof HttpServletResponse http) {
      http.setHeader("Retry-After", "5");
      http.sendError(503, "webhook endpoints are starting");
      return;
    }
    Optional<WebhookFilter> filter = receivers.filter();
    if (filter.isPresent()) {
      filter.get().doFilter(request, response, chain);
    } else {
      chain.doFilter(request, response);
    }
  }
}
