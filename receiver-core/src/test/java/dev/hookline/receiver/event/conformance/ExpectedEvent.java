package dev.hookline.receiver.event.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hookline.receiver.event.CloudEventRequests;
import dev.hookline.receiver.event.WebhookEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What a peer's case says an event holds: its identity, time and data (none, JSON, or text).
 *
 * @param id the event id
 * @param type the event type, our topic
 * @param source the event source
 * @param time the event time, or null
 * @param json the data as JSON text, or null
 * @param text the data as text, or null
 */
record ExpectedEvent(
    String id, String type, String source, Instant time, String json, String text) {

  static ExpectedEvent of(String id, String type, String source) {
    return new ExpectedEvent(id, type, source, null, null, null);
  }

  ExpectedEvent at(String rfc3339) {
    return new ExpectedEvent(id, type, source, Instant.parse(rfc3339), json, text);
  }

  ExpectedEvent json(String data) {
    return new ExpectedEvent(id, type, source, time, data, null);
  }

  ExpectedEvent text(String data) {
    return new ExpectedEvent(id, type, source, time, null, data);
  }

  /** Asserts that the event read holds what the case expects. */
  void assertMatches(WebhookEvent event) {
    assertThat(event.id()).isEqualTo(id);
    assertThat(event.topic()).isEqualTo(type);
    assertThat(event.source()).isEqualTo(source);
    assertThat(event.idempotencyKey()).isEqualTo(source + "|" + id);
    assertThat(event.occurredAt().orElse(null)).isEqualTo(time);
    if (json != null) {
      JsonNode expected = tree(json);
      assertThat(event.data()).isEqualTo(expected);
      assertThat(event.data(String.class))
          .isEqualTo(expected.isTextual() ? expected.textValue() : expected.toString());
    } else if (text != null) {
      assertThat(event.data()).isEqualTo(TextNode.valueOf(text));
      assertThat(event.data(String.class)).isEqualTo(text);
      assertThat(event.data(byte[].class)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    } else {
      assertThat(event.data().isMissingNode()).as("no data").isTrue();
    }
  }

  private static JsonNode tree(String json) {
    try {
      return CloudEventRequests.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
