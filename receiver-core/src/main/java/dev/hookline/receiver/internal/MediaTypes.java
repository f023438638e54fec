package dev.hookline.receiver.internal;

/** Reads {@code Content-Type} values: the essence ({@code type/subtype}) without parameters. */
public final class MediaTypes {

  /** Plain JSON. */
  public static final String JSON = "application/json";

  /** A CloudEvent in structured mode. */
  public static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

  /** A batch of structured CloudEvents. */
  public static final String CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";

  /** An HTML form's fields. */
  public static final String FORM = "application/x-www-form-urlencoded";

  private MediaTypes() {}

  /** The lower-cased {@code type/subtype} of a content type, e.g. {@code application/json}. */
  public static String essence(String contentType) {
    int semicolon = contentType.indexOf(';');
    String essence = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return LowerCase.of(essence.trim());
  }

  /** Whether the essence is JSON: {@code application/json} or any {@code application/*+json}. */
  public static boolean isJson(String essence) {
    return essence.equals(JSON)
        || (essence.startsWith("application/") && essence.endsWith("+json"));
  }
}
