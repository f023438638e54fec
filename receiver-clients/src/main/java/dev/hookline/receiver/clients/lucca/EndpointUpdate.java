package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PATCH /lucca-api/webhook-endpoints/{id}}: only the non-null fields are sent.
 *
 * @param name a new display name, or null to keep it
 * @param webhookUrl a new https URL, or null
 * @param topics new topics, or null
 * @param status a new status, or null; {@code active} reactivates a suspended endpoint
 * @param contentType a new content type, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointUpdate(
    @Nullable String name,
    @Nullable String webhookUrl,
    @Nullable List<String> topics,
    @Nullable String status,
    @Nullable String contentType) {

  /** Validates the URL when given and copies the topics. */
  public EndpointUpdate {
    if (webhookUrl != null) {
      requireHttps(webhookUrl);
    }
    topics = topics == null ? null : List.copyOf(topics);
  }

  /** An update changing nothing yet; add changes with the {@code with…} methods. */
  public static EndpointUpdate empty() {
    return new EndpointUpdate(null, null, null, null, null);
  }

  /**
   * Sets the status to {@code active}: reactivates a suspended endpoint. Lucca then sends the
   * activation challenge again, which the receiver answers.
   */
  public static EndpointUpdate reactivate() {
    return empty().withStatus(WebhookEndpoint.ACTIVE);
  }

  /** This update also renaming the endpoint. */
  public EndpointUpdate withName(String name) {
    return new EndpointUpdate(name, webhookUrl, topics, status, contentType);
  }

  /** This update also moving the endpoint to another https URL. */
  public EndpointUpdate withWebhookUrl(URI webhookUrl) {
    return new EndpointUpdate(name, webhookUrl.toString(), topics, status, contentType);
  }

  /** This update also replacing the topics. */
  public EndpointUpdate withTopics(List<String> topics) {
    return new EndpointUpdate(name, webhookUrl, topics, status, contentType);
  }

  /** This update also changing the status. */
  public EndpointUpdate withStatus(String status) {
    return new EndpointUpdate(name, webhookUrl, topics, status, contentType);
  }

  /** This update also changing the content type. */
  public EndpointUpdate withContentType(String contentType) {
    return new EndpointUpdate(name, webhookUrl, topics, status, contentType);
  }

  static void requireHttps(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("webhookUrl must be a URL, but was " + url, e);
    }
    if (uri.getScheme() == null
        || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "webhookUrl must be an absolute https URL, but was " + url);
    }
  }
}
