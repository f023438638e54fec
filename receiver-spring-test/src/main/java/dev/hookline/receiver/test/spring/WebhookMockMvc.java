package dev.hookline.receiver.test.spring;

import dev.hookline.receiver.fixtures.Fixture;
import dev.hookline.receiver.fixtures.LuccaEvent;
import dev.hookline.receiver.fixtures.SignedRequests;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * A MockMvc {@link RequestBuilder} for signed webhook deliveries:
 *
 * <pre>{@code
 * mockMvc.perform(webhook("/webhooks/lucca")
 *         .signedFor(SignedRequests.lucca(secret))
 *         .event(LuccaFixtures.employeeUpdated()))
 *     .andExpect(status().isOk());
 * }</pre>
 *
 * The MockMvc instance must include the Hookline filter: {@link #mockMvc(WebApplicationContext)}
 * builds one. Not thread-safe.
 */
public final class WebhookMockMvc implements RequestBuilder {

  private final String path;
  private @Nullable SignedRequests signed;

  private WebhookMockMvc(String path) {
    this.path = path;
  }

  /** A POST to the webhook path; choose the signing with {@link #signedFor(SignedRequests)}. */
  public static WebhookMockMvc webhook(String path) {
    return new WebhookMockMvc(Objects.requireNonNull(path, "path"));
  }

  /**
   * How the request is signed and what it carries, e.g. {@code SignedRequests.lucca(secret)} or one
   * already given an event and mutations ({@code .withOldTimestamp()}).
   */
  public WebhookMockMvc signedFor(SignedRequests requests) {
    this.signed = Objects.requireNonNull(requests, "requests");
    return this;
  }

  /** The fixture to send. */
  public WebhookMockMvc event(Fixture fixture) {
    this.signed = requests().event(fixture);
    return this;
  }

  /** The Lucca event to send. */
  public WebhookMockMvc event(LuccaEvent event) {
    return event(event.fixture());
  }

  /** The provider's fixture by name, e.g. {@code employee.updated}. */
  public WebhookMockMvc event(String name) {
    this.signed = requests().event(name);
    return this;
  }

  /**
   * A MockMvc over the context with the Hookline filter added, the way the servlet container runs
   * it; the same on Spring Boot 3.5 and 4.x, whose filter registration types differ.
   *
   * @throws IllegalStateException if the context has no {@code hooklineFilter} bean
   */
  public static MockMvc mockMvc(WebApplicationContext context) {
    Object bean = context.getBean("hooklineFilter");
    Filter filter;
    if (bean instanceof Filter direct) {
      filter = direct;
    } else {
      try {
        filter = (Filter) bean.getClass().getMethod("getFilter").invoke(bean);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("hooklineFilter is neither a Filter nor a registration", e);
      }
    }
    return MockMvcBuilders.webAppContextSetup(context).addFilters(filter).build();
  }

  private SignedRequests requests() {
    if (signed == null) {
      throw new IllegalStateException("call signedFor(…) first");
    }
    return signed;
  }

  @Override
  public MockHttpServletRequest buildRequest(ServletContext servletContext) {
    SignedRequests request = requests();
    MockHttpServletRequestBuilder builder =
        MockMvcRequestBuilders.post(path).content(request.body());
    request.headers().forEach((name, value) -> builder.header(name, value));
    return builder.buildRequest(servletContext);
  }
}
