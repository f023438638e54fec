package dev.hookline.receiver.core;

import dev.hookline.receiver.internal.LowerCase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable HTTP headers: names are case-insensitive, a name may carry several values, and the
 * order of values is kept. Thread-safe.
 */
public final class Headers {

  private static final Headers EMPTY = new Headers(Map.of());

  /** Lower-cased name to its values in arrival order. */
  private final Map<String, List<String>> values;

  private Headers(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Returns headers with no entries. */
  public static Headers empty() {
    return EMPTY;
  }

  /**
   * Copies the given map; names that differ only in case are merged, their values kept in order.
   *
   * @throws NullPointerException if the map, a name, a value list or a value is null
   */
  public static Headers of(Map<String, ? extends List<String>> headers) {
    Objects.requireNonNull(headers, "headers");
    Builder builder = builder();
    headers.forEach((name, list) -> list.forEach(value -> builder.add(name, value)));
    return builder.build();
  }

  /** Starts an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The first value of the header, if present. */
  public Optional<String> first(String name) {
    List<String> list = values.get(key(name));
    return list == null ? Optional.empty() : Optional.of(list.get(0));
  }

  /** Every value of the header in arrival order; empty when absent. */
  public List<String> all(String name) {
    return values.getOrDefault(key(name), List.of());
  }

  /** Whether at least one value is present for the name. */
  public boolean contains(String name) {
    return values.containsKey(key(name));
  }

  /** The header names, lower-cased. */
  public Set<String> names() {
    return values.keySet();
  }

  /** The headers as an unmodifiable map of lower-cased names to values. */
  public Map<String, List<String>> asMap() {
    return values;
  }

  private static String key(String name) {
    return LowerCase.of(Objects.requireNonNull(name, "name"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Headers headers && values.equals(headers.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Lists the header names only: values may hold signatures. */
  @Override
  public String toString() {
    return "Headers" + values.keySet();
  }

  /** Collects header values; not thread-safe. */
  public static final class Builder {
    /**
     * Lower-cased name to its values. A list is immutable, except the {@link ArrayList} of a name
     * given several values since the last build, which grows in place so that many values of one
     * name cost linear time; {@link #build} freezes those.
     */
    private Map<String, List<String>> values = new LinkedHashMap<>();

    /** Whether {@link #values} holds a growing list. */
    private boolean growing;

    /** Whether headers built earlier hold {@link #values}, which must then be copied first. */
    private boolean shared;

    private Builder() {}

    /** Adds one value to the header; earlier values are kept. */
    public Builder add(String name, String value) {
      Objects.requireNonNull(value, "value");
      String key = key(name);
      List<String> earlier = writable().get(key);
      if (earlier == null) {
        values.put(key, List.of(value));
      } else if (earlier instanceof ArrayList<String> list) {
        list.add(value);
      } else {
        List<String> list = new ArrayList<>(earlier.size() + 4);
        list.addAll(earlier);
        list.add(value);
        values.put(key, list);
        growing = true;
      }
      return this;
    }

    /** Replaces every value of the header with the given one. */
    public Builder set(String name, String value) {
      Objects.requireNonNull(value, "value");
      writable().put(key(name), List.of(value));
      return this;
    }

    /** Returns the immutable headers. */
    public Headers build() {
      if (values.isEmpty()) {
        return EMPTY;
      }
      if (growing) {
        values.replaceAll((key, list) -> list instanceof ArrayList ? List.copyOf(list) : list);
        growing = false;
      }
      shared = true;
      return new Headers(Collections.unmodifiableMap(values));
    }

    private Map<String, List<String>> writable() {
      if (shared) {
        values = new LinkedHashMap<>(values);
        shared = false;
      }
      return values;
    }
  }
}
