package dev.hookline.receiver.lucca;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import dev.hookline.receiver.internal.IsoInstants;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Reads Lucca's ISO-8601 date-times with offset (1 to 9 fraction digits) into an {@link Instant},
 * so that the models need no Jackson module.
 */
final class InstantDeserializer extends StdScalarDeserializer<Instant> {

  private static final long serialVersionUID = 1L;

  InstantDeserializer() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      return (Instant) context.handleUnexpectedToken(Instant.class, parser);
    }
    String text = parser.getText();
    try {
      return IsoInstants.lenient(text);
    } catch (DateTimeException e) {
      return (Instant)
          context.handleWeirdStringValue(
              Instant.class, text, "not an ISO-8601 date-time with offset");
    }
  }
}
