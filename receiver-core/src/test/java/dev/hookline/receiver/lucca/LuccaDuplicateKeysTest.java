package dev.hookline.receiver.lucca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.WebhookEvent;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Lucca reader's own duplicate-key check, in every part of the body it walks. */
class LuccaDuplicateKeysTest {

  private static final String ENVELOPE =
      "\"id\":\"1\",\"topic\":\"employee.updated\",\"source\":\"s\"";

  private final ObjectMapper mapper = new ObjectMapper();

  private WebhookEvent read(String body) {
    WebhookRequest request =
        WebhookRequest.builder().body(body.getBytes(StandardCharsets.UTF_8)).build();
    return LuccaEventReader.create().read(request, mapper).get(0);
  }

  private void assertDuplicate(String body, String key) {
    assertThatThrownBy(() -> read(body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("body is not valid JSON: Duplicate field '" + key + "'");
  }

  /** {"k0":0,"k1":1,…} with the given number of distinct keys. */
  private static String keys(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "\"k" + i + "\":" + i)
        .collect(Collectors.joining(",", "{", "}"));
  }

  @Test
  void repeatedEnvelopeFieldIsRejected() {
    assertDuplicate("{" + ENVELOPE + ",\"topic\":\"employee.created\"}", "topic");
  }

  @Test
  void repeatedKeyInAFieldTheReaderSkipsIsRejected() {
    assertDuplicate(
        "{" + ENVELOPE + ",\"links\":{\"retry\":{\"href\":\"a\",\"href\":\"b\"}}}", "href");
  }

  @Test
  void repeatedKeyInsideAnArrayElementIsRejected() {
    assertDuplicate("{" + ENVELOPE + ",\"extra\":[1,{\"a\":1,\"a\":2}]}", "a");
  }

  @Test
  void repeatedKeyInDataOrPreviousAttributesIsRejected() {
    assertDuplicate(
        "{" + ENVELOPE + ",\"data\":{\"givenName\":\"A\",\"givenName\":\"B\"}}", "givenName");
    assertDuplicate(
        "{" + ENVELOPE + ",\"previousAttributes\":{\"givenName\":\"A\",\"givenName\":\"B\"}}",
        "givenName");
  }

  @Test
  void sameKeyInSiblingOrNestedObjectsIsNotADuplicate() {
    WebhookEvent event =
        read(
            "{"
                + ENVELOPE
                + ",\"data\":{\"id\":\"416\",\"portrait\":{\"id\":\"1\"},"
                + "\"applicableEmployment\":{\"id\":\"2\"}},\"x\":[{\"id\":1},{\"id\":2}]}");

    Employee employee = event.data(Employee.class);
    assertThat(employee.id()).isEqualTo("416");
    assertThat(employee.portrait().id()).isEqualTo("1");
    assertThat(employee.applicableEmployment().id()).isEqualTo("2");
  }

  @Test
  void largeObjectsAreCheckedBeforeAndAfterTheHashSetTakesOver() {
    int size = 3 * UniqueKeyWalker.SMALL;
    WebhookEvent event = read("{" + ENVELOPE + ",\"data\":" + keys(size) + "}");
    assertThat(event.data().size()).isEqualTo(size);

    String big = keys(size);
    String openBig = big.substring(0, big.length() - 1);
    assertDuplicate("{" + ENVELOPE + ",\"data\":" + openBig + ",\"k3\":0}}", "k3");
    assertDuplicate(
        "{" + ENVELOPE + ",\"data\":" + openBig + ",\"k" + (size - 1) + "\":0}}", "k" + (size - 1));
  }

  @Test
  void keysOfAClosedLargeObjectDoNotLeakIntoItsParent() {
    String nested = keys(2 * UniqueKeyWalker.SMALL);
    WebhookEvent event =
        read("{" + ENVELOPE + ",\"data\":{\"a\":" + nested + ",\"k1\":\"parent's own\"}}");

    assertThat(event.data().get("k1").asText()).isEqualTo("parent's own");
    assertDuplicate("{" + ENVELOPE + ",\"data\":{\"a\":" + nested + ",\"a\":1}}", "a");
  }

  @Test
  void deepNestingIsWalked() {
    String deep = "{\"a\":".repeat(40) + "{\"b\":1,\"b\":2}" + "}".repeat(40);
    assertDuplicate("{" + ENVELOPE + ",\"data\":" + deep + "}", "b");
  }

  @Test
  void previousValuesOfEveryJsonKindReadAsJacksonReadsThem() throws Exception {
    String previous =
        "{\"a\":\"x\",\"b\":null,\"c\":12,\"d\":1.5,\"e\":true,\"f\":{\"g\":[1,{\"h\":\"i\"}]},"
            + "\"big\":123456789012345678901234567890}";

    WebhookEvent event = read("{" + ENVELOPE + ",\"previousAttributes\":" + previous + "}");

    com.fasterxml.jackson.databind.JsonNode expected = mapper.readTree(previous);
    assertThat(event.previousAttributes().names())
        .containsExactly("a", "b", "c", "d", "e", "f", "big");
    for (String name : event.previousAttributes().names()) {
      assertThat(event.previousAttributes().get(name)).contains(expected.get(name));
    }
    assertDuplicate(
        "{" + ENVELOPE + ",\"previousAttributes\":{\"f\":{\"g\":[{\"h\":1,\"h\":2}]}}}", "h");
  }
}
