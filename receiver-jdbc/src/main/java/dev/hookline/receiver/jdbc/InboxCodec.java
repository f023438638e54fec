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

  private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {};

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
        fullKey != null ? fullKey : result.getString(1),
        result.getString(3),
        readHeaders(headers, table),
        body == null ? new byte[0] : body,
        result.getInt(6),
        Instant.ofEpochMilli(result.getLong(7)),
        Optional.ofNullable(result.getString(8)),
        token);
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
