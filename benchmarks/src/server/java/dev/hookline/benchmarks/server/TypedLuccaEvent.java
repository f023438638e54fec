package dev.hookline.benchmarks.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.lucca.Employee;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Lucca event as a receiver with a typed model of its own binds it with a plain Jackson mapper:
 * what Hookline's event gives a typed {@link Employee} handler (id, topic, source, API version,
 * time, data bound to {@link Employee}, previous attributes), with nothing checked beyond what
 * Jackson checks (no duplicate keys, no required fields). The time stays text, where Hookline reads
 * an instant. The typed floor's result.
 */
public record TypedLuccaEvent(
    @Nullable String id,
    @Nullable String topic,
    @Nullable String source,
    @Nullable String apiVersion,
    @Nullable String occurredAt,
    @Nullable Employee data,
    @Nullable Map<String, Object> previousAttributes) {

  /** A plain mapper that skips the fields this model leaves out. */
  public static ObjectMapper mapper() {
    return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
