package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /lucca-api/webhook-endpoints}. Start with {@link #of(URI, List)} and
 * adjust with the {@code with…} methods.
 *
 * @param name an optional display name, or null
 * @param apiVersion the API version of the events' data
 * @param webhookUrl where events are posted; must be {@code https}
 * @param topics the topics to subscribe to, at least one
 * @param status the initial status, usually {@code active}
 * @param contentType {@code default} or {@code cloudEvents}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointCreation(
    @Nullable String name,
    String apiVersion,
    String webhookUrl,
    List<String> topics,
    String status,
    String contentType) {

  /** Validates: an absolute https URL, at least one topic, an API version. */
  public EndpointCreation {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(contentType, "contentType");
    EndpointUpdate.requireHttps(Objects.requireNonNull(webhookUrl, "webhookUrl"));
    topics = List.copyOf(Objects.requireNonNull(topics, "topics"));
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("topics must not be empty");
    }
  }

  /**
   * An active endpoint with the {@code default} content type and data of API version {@value
   * LuccaClient#API_VERSION}.
   */
  public static EndpointCreation of(URI webhookUrl, List<String> topics) {
    return new EndpointCreation(
        null,
        LuccaClient.API_VERSION,
        Objects.requireNonNull(webhookUrl, "webhookUrl").toString(),
        topics,
        WebhookEndpoint.ACTIVE,
        "default");
  }

  /** This request with a display name. */
  public EndpointCreation withName(String name) {
    return new EndpointCreation(name, apiVersion, webhookUrl, topics, status, contentType);
  }

  /** This request with another API version for the events' data. */
  public EndpointCreation withApiVersion(String apiVersion) {
    return new EndpointCreation(name, apiVersion, webhookUrl, topics, status, contentType);
  }

  /** This request with another content type ({@code default} or {@code cloudEvents}). */
  public EndpointCreation withContentType(String contentType) {
    return new EndpointCreation(name, apiVersion, webhookUrl, topics, status, contentType);
  }

  /** This request with another initial status. */
  public EndpointCreation withStatus(String status) {
    return new EndpointCreation(name, apiVersion, webhookUrl, topics, status, contentType);
  }
}
