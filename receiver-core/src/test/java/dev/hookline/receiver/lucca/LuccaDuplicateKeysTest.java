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

  /**
   * Random bodies whose objects draw their keys from a small set (so repeats are common, and it
   * holds "Aa" and "BB", whose hash codes are equal): the reader, bound to {@link Employee} or not,
   * rejects exactly the bodies Jackson's own strict check rejects, naming the same key.
   */
  @Test
  void randomBodiesAreRejectedExactlyWhenJacksonsStrictCheckRejectsThem() {
    ObjectMapper strict =
        new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    java.util.Random random = new java.util.Random(20261201);
    int rejected = 0;
    for (int round = 0; round < 3_000; round++) {
      String body =
          "{"
              + ENVELOPE
              + ",\"data\":"
              + randomObject(random, 0)
              + ",\"x\":"
              + randomObject(random, 0)
              + "}";
      String expected;
      try {
        strict.readTree(body);
        expected = null;
      } catch (Exception e) {
        expected =
            "body is not valid JSON: "
                + ((com.fasterxml.jackson.core.JacksonException) e).getOriginalMessage();
        rejected++;
      }
      for (boolean bound : new boolean[] {false, true}) {
        WebhookRequest request =
            WebhookRequest.builder().body(body.getBytes(StandardCharsets.UTF_8)).build();
        String actual;
        try {
          LuccaEventReader.create()
              .read(request, mapper, bound ? topic -> Employee.class : topic -> null);
          actual = null;
        } catch (MalformedEventException e) {
          actual = e.getMessage();
        }
        assertThat(actual).as("bound %s: %s", bound, body).isEqualTo(expected);
      }
    }
    assertThat(rejected).as("bodies with a repeated key").isBetween(300, 2_700);
  }

  private static final String[] RANDOM_KEYS = {
    "Aa", "BB", "id", "givenName", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "q"
  };

  private static String randomObject(java.util.Random random, int depth) {
    int size = random.nextInt(depth == 0 ? 10 : 4);
    StringBuilder object = new StringBuilder("{");
    java.util.Set<String> used = new java.util.HashSet<>();
    for (int i = 0; i < size; i++) {
      String key = RANDOM_KEYS[random.nextInt(RANDOM_KEYS.length)];
      // Mostly distinct keys, so that a body usually has at most a few repeats.
      if (used.contains(key) && random.nextInt(8) != 0) {
        continue;
      }
      used.add(key);
      if (object.length() > 1) {
        object.append(',');
      }
      object.append('"').append(key).append("\":");
      int kind = random.nextInt(depth < 3 ? 4 : 2);
      switch (kind) {
        case 0 -> object.append('"').append(key).append('"');
        case 1 -> object.append(i);
        case 2 -> object.append(randomObject(random, depth + 1));
        default -> object.append('[').append(randomObject(random, depth + 1)).append(']');
      }
    }
    return object.append('}').toString();
  }
}
