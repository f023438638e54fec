package dev.hookline.receiver.clients.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.ApiTimeoutException;
import dev.hookline.receiver.clients.MalformedResponseException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One provider's JSON API as the clients of this module call it: requests to its host sent through
 * an {@link ApiTransport}, bodies written and responses read with the client's mapper, and the
 * {@link MalformedResponseException} of a 2xx answer that does not fit. What differs between
 * providers (authorization, extra headers, paging) stays in each client. Immutable and thread-safe.
 */
public final class JsonApi {

  private final URI host;
  private final ApiTransport transport;
  private final ObjectMapper mapper;

  /**
   * An API at the given host.
   *
   * @param host the absolute URI paths are resolved against
   * @param transport sends every request
   * @param mapper writes request bodies and reads responses; not changed
   */
  public JsonApi(URI host, ApiTransport transport, ObjectMapper mapper) {
    this.host = Objects.requireNonNull(host, "host");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** The API host. */
  public URI host() {
    return host;
  }

  /** A path (and query) on the API host. */
  public URI uri(String pathAndQuery) {
    return host.resolve(pathAndQuery);
  }

  /** The clock of the transport. */
  public Clock clock() {
    return transport.clock();
  }

  /** The mapper responses are read with. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Sends a request until it gets a final answer (see {@link ApiTransport#send}).
   *
   * @param operation names the call in exceptions and logs, e.g. {@code lucca.endpoints.get}
   * @param body the request body, or null for none
   * @param headers sent with the request, e.g. {@code Authorization}; {@code Accept:
   *     application/json} is added, and {@code Content-Type: application/json} for a non-empty body
   *     unless these headers give a {@code Content-Type}
   * @param secrets values masked in any body excerpt
   * @return the 2xx response
   * @throws ApiTimeoutException if no response came within the timeout
   * @throws ApiException for any other non-2xx final answer or an I/O error
   */
  public HttpResponse<byte[]> send(
      String operation,
      String method,
      URI uri,
      byte @Nullable [] body,
      Map<String, String> headers,
      Collection<String> secrets) {
    return transport.send(
        operation,
        () -> {
          HttpRequest.Builder request = HttpRequest.newBuilder(uri);
          headers.forEach(request::header);
          request
              .header("Accept", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
          if (body != null && body.length > 0 && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
          }
          return request;
        },
        secrets);
  }

  /**
   * The value as JSON bytes.
   *
   * @throws IllegalArgumentException if the mapper cannot write it
   */
  public byte[] json(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a JSON response body as a tree.
   *
   * @throws MalformedResponseException if the body is empty or not JSON
   */
  public JsonNode readTree(String operation, HttpResponse<byte[]> response) {
    byte[] body = response.body();
    if (body == null || body.length == 0) {
      throw malformed(operation, response, "the response body is empty", null);
    }
    try {
      return mapper.readTree(body);
    } catch (JacksonException e) {
      throw malformed(
          operation, response, "the response is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw malformed(operation, response, "the response could not be read: " + e, e);
    }
  }

  /**
   * Reads a JSON response body as a type.
   *
   * @throws MalformedResponseException if the body is not JSON or does not fit the type
   */
  public <T> T read(String operation, HttpResponse<byte[]> response, Class<T> type) {
    return convert(operation, response, readTree(operation, response), type);
  }

  /**
   * Binds a JSON value (e.g. a tree from {@link #readTree}) to a type.
   *
   * @throws MalformedResponseException if the value does not fit the type
   */
  public <T> T convert(
      String operation, HttpResponse<byte[]> response, @Nullable JsonNode node, Class<T> type) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw malformed(operation, response, "the response holds no " + type.getSimpleName(), null);
    }
    try {
      return mapper.treeToValue(node, type);
    } catch (JacksonException e) {
      throw malformed(
          operation,
          response,
          "the response does not fit " + type.getSimpleName() + ": " + e.getOriginalMessage(),
          e);
    } catch (IllegalArgumentException e) {
      throw malformed(operation, response, "the response does not fit: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code items} array of a page, each bound to a type.
   *
   * @param container names what should hold the array in the exception, e.g. {@code "page"}
   * @throws MalformedResponseException if there is no such array or an item does not fit
   */
  public <T> List<T> items(
      String operation,
      HttpResponse<byte[]> response,
      JsonNode node,
      Class<T> type,
      String container) {
    JsonNode items = node.path("items");
    if (!items.isArray()) {
      throw malformed(operation, response, "the " + container + " has no \"items\" array", null);
    }
    List<T> list = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      list.add(convert(operation, response, item, type));
    }
    return list;
  }

  /** The exception for a malformed 2xx response, with an excerpt of its body. */
  public MalformedResponseException malformed(
      String operation, HttpResponse<byte[]> response, String problem, @Nullable Throwable cause) {
    return new MalformedResponseException(
        operation,
        response.statusCode(),
        ApiException.excerpt(ApiTransport.text(response.body()), List.of()),
        operation + ": " + problem,
        cause);
  }

  /**
   * The exception for a malformed 2xx response that may hold a secret (a token under another name):
   * no excerpt of its body.
   */
  public MalformedResponseException malformedSecret(
      String operation, HttpResponse<byte[]> response, String problem) {
    return new MalformedResponseException(
        operation, response.statusCode(), "", operation + ": " + problem, null);
  }
}
