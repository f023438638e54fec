package dev.hookline.receiver.test;

import java.util.Locale;

/** How a Lucca event is put on the wire (PROTOCOLS.md §1.4 and §4). */
public enum CloudEventsFraming {
  /** Lucca's {@code default} content type: the event resource as {@code application/json}. */
  NONE,
  /** One event as {@code application/cloudevents+json}. */
  STRUCTURED,
  /** A JSON array of structured events as {@code application/cloudevents-batch+json}. */
  BATCH,
  /** Attributes in {@code ce-*} headers, the data as the {@code application/json} body. */
  BINARY;

  /**
   * The framing by its lower-case name ({@code none}, {@code structured}, {@code batch}, {@code
   * binary}).
   *
   * @throws IllegalArgumentException for another name
   */
  public static CloudEventsFraming of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
