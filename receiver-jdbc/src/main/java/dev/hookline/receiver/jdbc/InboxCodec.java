package dev.hookline.receiver.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.internal.Utf16;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link JdbcInbox} stores a request and reads it back: the headers as a JSON object of
 * string lists, a row selected with {@link InboxSql#MESSAGE_COLUMNS} as a message, and text cut to
 * fit its column.
 */
final class InboxCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final HexFormat HEX = HexFormat.of();

  private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {};

  /**
   * Begins a {@code full_key} that holds the key's UTF-16 code units in hex rather than the key
   * itself; see {@link #writeKey}.
   */
  static final String CODE_UNITS_PREFIX = "hookline:utf16:";

  private InboxCodec() {}

  /** The headers as the JSON text of the {@code headers} column. */
  static String writeHeaders(Map<String, List<String>> headers) {
    try {
      return MAPPER.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("headers are strings and always serialise", e);
    }
  }

  /**
   * Reads a row selected with {@link InboxSql#MESSAGE_COLUMNS}.
   *
   * @param token the lease token the message carries; empty for one not taken
   * @param table names the table when the headers cannot be read
   * @throws InboxException if the row's headers are not a JSON object of string lists
   */
  static InboxMessage message(ResultSet result, String token, TableName table) throws SQLException {
    String fullKey = result.getString(2);
    String headers = result.getString(4);
    byte[] body = result.getBytes(5);
    return new InboxMessage(
        fullKey != null ? readKey(fullKey) : result.getString(1),
        result.getString(3),
        readHeaders(headers, table),
        body == null ? new byte[0] : body,
        result.getInt(6),
        Instant.ofEpochMilli(result.getLong(7)),
        Optional.ofNullable(result.getString(8)),
        token);
  }

  /**
   * The {@code full_key} of a key: the key itself when every database keeps it exactly, else its
   * UTF-16 code units in hex after {@link #CODE_UNITS_PREFIX}. A key is whatever text the sender
   * signed; PostgreSQL's text refuses a NUL, and a UTF-8 column writes an unpaired surrogate as
   * another character, so such a key would not be stored, or would come back as another key, by
   * which its message could not be settled. A key that begins with the prefix is written in hex
   * too, so that reading is never ambiguous.
   */
  static String writeKey(String key) {
    if (key.indexOf('\u0000') < 0
        && !key.startsWith(CODE_UNITS_PREFIX)
        && !Utf16.hasUnpairedSurrogate(key)) {
      return key;
    }
    StringBuilder hex = new StringBuilder(CODE_UNITS_PREFIX.length() + 4 * key.length());
    hex.append(CODE_UNITS_PREFIX);
    for (int i = 0; i < key.length(); i++) {
      hex.append(HEX.toHexDigits(key.charAt(i)));
    }
    return hex.toString();
  }

  /**
   * The key a {@code full_key} holds (see {@link #writeKey}). Text after the prefix that is not
   * whole code units in hex is the key itself, as written by a version that stored every key as
   * given.
   */
  static String readKey(String fullKey) {
    int units = fullKey.length() - CODE_UNITS_PREFIX.length();
    if (!fullKey.startsWith(CODE_UNITS_PREFIX) || units % 4 != 0) {
      return fullKey;
    }
    for (int i = CODE_UNITS_PREFIX.length(); i < fullKey.length(); i++) {
      if (!HexFormat.isHexDigit(fullKey.charAt(i))) {
        return fullKey;
      }
    }
    char[] key = new char[units / 4];
    for (int i = 0; i < key.length; i++) {
      int at = CODE_UNITS_PREFIX.length() + 4 * i;
      key[i] = (char) HexFormat.fromHexDigits(fullKey, at, at + 4);
    }
    return new String(key);
  }

  private static Map<String, List<String>> readHeaders(String json, TableName table) {
    try {
      return MAPPER.readValue(json, HEADERS);
    } catch (JsonProcessingException e) {
      throw new InboxException(
          "JDBC inbox holds headers that are not a JSON object of string lists (table "
              + table.qualified()
              + ")",
          e);
    }
  }

  /**
   * At most {@code max} characters, never ending in half a surrogate pair, and without NUL, which
   * PostgreSQL refuses in text: an error message must never make its own recording fail.
   */
  static String truncate(String text, int max) {
    return Utf16.cut(text, max).replace('\u0000', '\uFFFD');
  }
}
