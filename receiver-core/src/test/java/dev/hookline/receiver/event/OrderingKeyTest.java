package dev.hookline.receiver.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderingKeyTest {

  private final ObjectMapper mapper = new ObjectMapper();

  private WebhookEvent event(String data) throws Exception {
    return WebhookEvent.builder(WebhookRequest.builder().build(), mapper)
        .id("evt-1")
        .topic("employee.updated")
        .source("https://example.ilucca.net")
        .idempotencyKey("https://example.ilucca.net|evt-1")
        .data(mapper.readTree(data))
        .build();
  }

  @Test
  void dataFieldsJoinTheSourceAndTheValuesAtThePointers() throws Exception {
    OrderingKey lucca = OrderingKey.dataFields("/type", "/id");

    assertThat(lucca.of(event("{\"id\":\"416\",\"type\":\"employee\",\"givenName\":\"Ed\"}")))
        .contains("https://example.ilucca.net|employee|416");
    assertThat(OrderingKey.dataFields("/object/id").of(event("{\"object\":{\"id\":42}}")))
        .contains("https://example.ilucca.net|42");
  }

  @Test
  void aMissingOrStructuredValueMeansNoOrder() throws Exception {
    OrderingKey lucca = OrderingKey.dataFields("/type", "/id");

    assertThat(lucca.of(event("{\"type\":\"employee\"}"))).isEmpty();
    assertThat(lucca.of(event("{\"type\":\"employee\",\"id\":{\"n\":1}}"))).isEmpty();
    assertThat(lucca.of(event("{\"type\":\"employee\",\"id\":null}"))).isEmpty();
    assertThat(lucca.of(event("{\"type\":\"employee\",\"id\":1.5}"))).isEmpty();
    assertThat(lucca.of(event("[1,2]"))).isEmpty();
    assertThat(lucca.of(event("\"text\""))).isEmpty();
    assertThat(OrderingKey.NONE.of(event("{\"id\":\"416\"}"))).isEqualTo(Optional.empty());
  }

  @Test
  void pointersAreChecked() {
    assertThatThrownBy(OrderingKey::dataFields)
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("an ordering key needs JSON pointers starting with '/', but was []");
    assertThatThrownBy(() -> OrderingKey.dataFields("/type", "id"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("an ordering key needs JSON pointers starting with '/', but was [/type, id]");
  }
}
