package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validated table name. It is concatenated into SQL, so only plain identifiers pass: letters,
 * digits and underscores, not starting with a digit, at most {@value #MAX_PART_LENGTH} characters
 * (so that the purge index {@code <name>_purge} stays within PostgreSQL's 63), optionally after a
 * schema of the same form and a dot.
 *
 * @param qualified the name as configured, with its schema if any
 * @param name the name without the schema
 */
record TableName(String qualified, String name) {

  static final int MAX_PART_LENGTH = 57;

  private static final Pattern NAME =
      Pattern.compile(
          "(?:[A-Za-z_][A-Za-z0-9_]{0,"
              + (MAX_PART_LENGTH - 1)
              + "}\\.)?([A-Za-z_][A-Za-z0-9_]{0,"
              + (MAX_PART_LENGTH - 1)
              + "})");

  static TableName of(String value) {
    Objects.requireNonNull(value, "tableName");
    var matcher = NAME.matcher(value);
    if (!matcher.matches()) {
      throw new WebhookConfigurationException(
          "tableName must be letters, digits and underscores, not starting with a digit, at most "
              + MAX_PART_LENGTH
              + " characters, optionally prefixed by a schema and a dot, but was \""
              + value
              + "\"");
    }
    return new TableName(value, matcher.group(1));
  }
}
