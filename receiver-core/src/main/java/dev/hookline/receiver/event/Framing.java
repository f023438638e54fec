package dev.hookline.receiver.event;

import dev.hookline.receiver.core.Headers;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.MediaTypes;
import java.util.List;
import java.util.Set;

/**
 * How a delivery's events are framed on the wire. An endpoint declares the framings it accepts; a
 * request only chooses among them (see {@link #of(WebhookRequest, Set)}).
 */
public enum Framing {
  /** The provider's own JSON body, read by the endpoint's {@link EventReader}. */
  PROVIDER,
  /** One CloudEvent in the body: {@code Content-Type: application/cloudevents+json}. */
  CLOUDEVENTS_STRUCTURED,
  /** A JSON array of CloudEvents: {@code Content-Type: application/cloudevents-batch+json}. */
  CLOUDEVENTS_BATCH,
  /**
   * CloudEvents binary mode: the attributes in {@code ce-*} headers, the body is the data. No
   * provider signs those headers, so an endpoint accepts it only when its verifier covers the
   * headers it reads or it explicitly trusts unsigned headers.
   */
  CLOUDEVENTS_BINARY,
  /**
   * The provider's JSON as the one field, {@code payload}, of a form ({@code Content-Type:
   * application/x-www-form-urlencoded}), as GitHub sends it when a webhook's content type is {@code
   * form}. The signature covers the form as sent; the field's decoded value is read as the
   * provider's JSON, and the event's body is that JSON. Accepted only where a provider or endpoint
   * declares it (GitHub does).
   */
  FORM_PAYLOAD;

  /** The framings an endpoint accepts unless it says otherwise: all but binary mode. */
  public static final Set<Framing> DEFAULTS =
      Set.of(PROVIDER, CLOUDEVENTS_STRUCTURED, CLOUDEVENTS_BATCH);

  /**
   * The framing of a request among those accepted: where binary mode is accepted, a {@code
   * ce-specversion}, {@code ce-id}, {@code ce-source} or {@code ce-type} header names it, whatever
   * the content type (the attributes are signed there, the content type is not, so that a signed
   * binary request cannot be turned into a structured one); otherwise a CloudEvents content type
   * names structured or batch mode, and the form content type the form's payload when it is
   * accepted (and is ignored when it is not); otherwise, under any JSON content type, a body shaped
   * as a CloudEvent (an object with a top-level {@code specversion}) or as a batch of them (an
   * array whose first element is one) is read in that framing when it is accepted; otherwise the
   * provider's JSON.
   *
   * <p>The content type is not signed, the body is: so that one signed body cannot be read once as
   * the provider's event and once as a CloudEvent, under two identities, a body shaped as a
   * CloudEvent is read as one whatever JSON type it is sent under, and a body not so shaped sent
   * under a CloudEvents type is refused by the CloudEvents reader. A form's bytes, which begin
   * {@code payload=}, are never JSON, and no JSON body is such a form: the content type only
   * chooses which of the two readings can succeed.
   *
   * @return the framing the request uses; it may be one the endpoint does not accept (a CloudEvents
   *     content type sent to an endpoint that does not take it), which the caller answers 415
   */
  public static Framing of(WebhookRequest request, Set<Framing> accepted) {
    Headers headers = request.headers();
    List<String> contentTypes = headers.all("content-type");
    String essence = contentTypes.isEmpty() ? "" : MediaTypes.essence(contentTypes.get(0));
    if (accepted.contains(CLOUDEVENTS_BINARY) && namesBinaryMode(headers)) {
      return CLOUDEVENTS_BINARY;
    }
    if (essence.equals(MediaTypes.CLOUDEVENTS_JSON)) {
      return CLOUDEVENTS_STRUCTURED;
    }
    if (essence.equals(MediaTypes.CLOUDEVENTS_BATCH_JSON)) {
      return CLOUDEVENTS_BATCH;
    }
    if (accepted.contains(FORM_PAYLOAD) && essence.equals(MediaTypes.FORM)) {
      return FORM_PAYLOAD;
    }
    if (MediaTypes.isJson(essence)
        && (accepted.contains(CLOUDEVENTS_STRUCTURED) || accepted.contains(CLOUDEVENTS_BATCH))) {
      Framing shape = CloudEventsShape.of(request.body());
      if (accepted.contains(shape)) {
        return shape;
      }
    }
    return PROVIDER;
  }

  /**
   * Whether the headers name binary mode: {@code ce-specversion}, or one of the attributes binary
   * mode requires ({@code ce-id}, {@code ce-source}, {@code ce-type}). An endpoint accepts binary
   * mode only where its verifier signs those attributes (or it trusts unsigned headers), so a
   * signed binary request stays one when an unsigned {@code ce-specversion} is taken away: its data
   * is never read as the provider's JSON under another identity.
   */
  private static boolean namesBinaryMode(Headers headers) {
    if (headers.contains("ce-specversion")) {
      return true;
    }
    for (String name : CloudEventsReader.REQUIRED_BINARY_HEADERS) {
      if (headers.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the framing is one of the CloudEvents modes. */
  public boolean isCloudEvents() {
    return this == CLOUDEVENTS_STRUCTURED
        || this == CLOUDEVENTS_BATCH
        || this == CLOUDEVENTS_BINARY;
  }
}
