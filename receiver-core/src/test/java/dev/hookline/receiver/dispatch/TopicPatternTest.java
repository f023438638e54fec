package dev.hookline.receiver.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicPatternTest {

  @ParameterizedTest
  @CsvSource({
    "employee.updated, employee.updated, true",
    "employee.updated, employee.created, false",
    "employee.*, employee.updated, true",
    "employee.*, employee.x.y, true",
    "employee.*, employee., false",
    "employee.*, employee, false",
    "employee.*, employee-personal-record.updated, false",
    "*, anything.at.all, true",
  })
  void matchesAsDocumented(String pattern, String topic, boolean matches) {
    assertThat(TopicPattern.of(pattern).matches(topic)).isEqualTo(matches);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "employee*", "*.updated", "employee.*.x", ".*", "a.**"})
  void invalidPatternsFailWithThePatternNamed(String pattern) {
    assertThatThrownBy(() -> TopicPattern.of(pattern))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageEndingWith("but was \"" + pattern + "\"");
  }
}
