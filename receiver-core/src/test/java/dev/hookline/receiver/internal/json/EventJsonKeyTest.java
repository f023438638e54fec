package dev.hookline.receiver.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys made of parts: distinct parts never give one key, and plain parts are kept as they are. */
class EventJsonKeyTest {

  @Test
  void plainPartsAreJoinedAsTheyAre() {
    assertThat(EventJson.key("https://acme.ilucca.net", "123"))
        .isEqualTo("https://acme.ilucca.net|123");
    assertThat(EventJson.key("evt_1")).isEqualTo("evt_1");
  }

  @Test
  void barsAndBackslashesInAPartAreEscaped() {
    assertThat(EventJson.key("a|b", "c")).isEqualTo("a\\|b|c");
    assertThat(EventJson.key("a", "b|c")).isEqualTo("a|b\\|c");
    assertThat(EventJson.key("a\\", "b")).isEqualTo("a\\\\|b");
    assertThat(EventJson.key("a|b")).isEqualTo("a\\|b");
  }

  @Test
  void everyListOfPartsOverBarsAndBackslashesHasAKeyOfItsOwn() {
    // Every list of one to three parts, each part up to three characters from "a|\": no two lists
    // share a key.
    List<String> alphabet = List.of("a", "|", "\\");
    List<String> parts = new ArrayList<>(List.of(""));
    for (int length = 1; length <= 3; length++) {
      List<String> longer = new ArrayList<>();
      for (String part : parts) {
        if (part.length() == length - 1) {
          alphabet.forEach(c -> longer.add(part + c));
        }
      }
      parts.addAll(longer);
    }
    Map<String, List<String>> byKey = new HashMap<>();
    int lists = 0;
    for (String first : parts) {
      lists += put(byKey, List.of(first));
      for (String second : parts) {
        lists += put(byKey, List.of(first, second));
        for (String third : parts) {
          lists += put(byKey, List.of(first, second, third));
        }
      }
    }
    assertThat(byKey).hasSize(lists);
  }

  private static int put(Map<String, List<String>> byKey, List<String> parts) {
    List<String> earlier = byKey.put(EventJson.key(parts.toArray(String[]::new)), parts);
    assertThat(earlier).as("parts %s and %s", earlier, parts).isNull();
    return 1;
  }
}
