package dev.hookline.receiver.clients.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.hookline.receiver.internal.IsoInstants;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * JSON setup shared by the clients: a mapper that ignores unknown fields and reads {@link Instant}
 * without the JSR-310 module, and the timestamp parser behind it.
 */
public final class ClientJson {

  private ClientJson() {}

  /**
   * A new mapper for API responses: unknown properties ignored, {@link Instant} read by {@link
   * #instant(String)}.
   */
  public static ObjectMapper mapper() {
    return configure(new ObjectMapper());
  }

  /** A copy of the given mapper configured like {@link #mapper()}; the given one is not changed. */
  public static ObjectMapper copyOf(ObjectMapper mapper) {
    return configure(Objects.requireNonNull(mapper, "mapper").copy());
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    SimpleModule module = new SimpleModule("hookline-clients");
    module.addDeserializer(Instant.class, new InstantDeserializer());
    return mapper.registerModule(module).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * Parses an ISO-8601 date-time. With an offset ({@code Z}, {@code +02:00}) it is read as given;
   * without one (Arta's {@code 2021-10-27T16:48:38.657228}) it is read as UTC.
   *
   * @throws DateTimeException if the text is no ISO-8601 date-time
   */
  public static Instant instant(String text) {
    Objects.requireNonNull(text, "text");
    Instant strict = IsoInstants.strict(text);
    if (strict != null) {
      return strict;
    }
    try {
      return IsoInstants.lenient(text);
    } catch (DateTimeException withoutOffset) {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }
  }

  /** Reads date-times with {@link ClientJson#instant(String)}. */
  private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final long serialVersionUID = 1L;

    InstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
      }
      String text = parser.getText();
      try {
        return instant(text);
      } catch (DateTimeException e) {
        return (Instant)
            context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 date-time");
      }
    }
  }
}
