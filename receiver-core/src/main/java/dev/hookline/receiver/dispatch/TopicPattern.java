package dev.hookline.receiver.dispatch;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.util.Objects;

/**
 * Which topics a handler takes: an exact topic ({@code employee.updated}), a prefix ending in
 * {@code .*} ({@code employee.*} takes {@code employee.updated} and {@code employee.x.y}), or
 * {@code *} for every topic. Immutable.
 *
 * @param pattern the pattern as written
 */
public record TopicPattern(String pattern) {

  /** Validates the pattern: {@code *} only alone or as the final {@code .*}. */
  public TopicPattern {
    Objects.requireNonNull(pattern, "pattern");
    int star = pattern.indexOf('*');
    boolean valid =
        !pattern.isEmpty()
            && (star < 0
                || pattern.equals("*")
                || (star == pattern.length() - 1
                    && pattern.length() > 2
                    && pattern.endsWith(".*")));
    if (!valid) {
      throw new WebhookConfigurationException(
          "topic pattern must be a topic, a prefix ending in \".*\" or \"*\", but was \""
              + pattern
              + "\"");
    }
  }

  /** Parses a pattern. */
  public static TopicPattern of(String pattern) {
    return new TopicPattern(pattern);
  }

  /** Whether the topic matches. */
  public boolean matches(String topic) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      int prefixLength = pattern.length() - 1; // keeps the dot
      return topic.length() > prefixLength && topic.regionMatches(0, pattern, 0, prefixLength);
    }
    return pattern.equals(topic);
  }

  /** 0 for an exact topic, 1 for a prefix, 2 for {@code *}: handlers run in that order. */
  public int rank() {
    return pattern.equals("*") ? 2 : pattern.endsWith(".*") ? 1 : 0;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
