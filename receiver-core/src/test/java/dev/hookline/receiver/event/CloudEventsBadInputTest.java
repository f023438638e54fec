package dev.hookline.receiver.event;

import static dev.hookline.receiver.event.CloudEventRequests.read;
import static dev.hookline.receiver.event.CloudEventRequests.request;
import static dev.hookline.receiver.event.CloudEventRequests.structured;
import static dev.hookline.receiver.event.CloudEventRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.internal.MediaTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CloudEvent the specification does not allow is a {@link MalformedEventException} naming the
 * attribute or header, which a receiver answers 400 without running a handler: never an exception
 * of the SDK or of {@code java.time}/{@code java.net} escaping as a 500.
 */
class CloudEventsBadInputTest {

  /** A case: the request, and the whole message or, when {@code exact} is false, a part of it. */
  record Case(String name, WebhookRequest request, String message, boolean exact) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String JSON_BODY = "{\"a\":1}";

  /** A valid binary-mode event with one more header, which may repeat one it has. */
  private static WebhookRequest binaryWith(String name, String value) {
    return binary(List.of(Map.entry(name, value)), false);
  }

  /** A valid binary-mode event with one header's value replaced. */
  private static WebhookRequest binaryReplacing(String name, String value) {
    return binary(List.of(Map.entry(name, value)), true);
  }

  private static WebhookRequest binary(List<Map.Entry<String, String>> extra, boolean replace) {
    List<Map.Entry<String, String>> headers =
        new ArrayList<>(
            List.of(
                Map.entry("ce-specversion", "1.0"),
                Map.entry("ce-id", "1"),
                Map.entry("ce-source", "/source"),
                Map.entry("ce-type", "test.event"),
                Map.entry("Content-Type", "application/json")));
    if (replace) {
      headers.removeIf(
          header -> extra.stream().anyMatch(e -> e.getKey().equalsIgnoreCase(header.getKey())));
    }
    headers.addAll(extra);
    return request(headers, utf8(JSON_BODY));
  }

  private static WebhookRequest binaryBody(String contentType, byte[] body) {
    return request(
        List.of(
            Map.entry("ce-specversion", "1.0"),
            Map.entry("ce-id", "1"),
            Map.entry("ce-source", "/source"),
            Map.entry("ce-type", "test.event"),
            Map.entry("Content-Type", contentType)),
        body);
  }

  /** A valid structured event with the members replaced or added (JSON text after "{"). */
  private static WebhookRequest structuredWith(String members) {
    return structured(
        "{" + members + ",\"id\":\"1\",\"source\":\"/source\",\"type\":\"test.event\"}");
  }

  private static WebhookRequest structured10(String members) {
    return structuredWith("\"specversion\":\"1.0\"," + members);
  }

  private static Case exact(String name, WebhookRequest request, String message) {
    return new Case(name, request, message, true);
  }

  private static Case containing(String name, WebhookRequest request, String fragment) {
    return new Case(name, request, fragment, false);
  }

  static Stream<Case> binaryCases() {
    String invalidName =
        " does not name a CloudEvents attribute: names are lower-case letters a-z and digits 0-9"
            + " only";
    return Stream.of(
        exact(
            "hyphen in extension name",
            binaryWith("ce-trace-id", "x"),
            "header ce-trace-id" + invalidName),
        exact(
            "underscore in extension name",
            binaryWith("ce-foo_bar", "x"),
            "header ce-foo_bar" + invalidName),
        exact(
            "non-ASCII letter in extension name",
            binaryWith("CE-Über", "x"),
            "header ce-über" + invalidName),
        exact("empty extension name", binaryWith("ce-", "x"), "header ce-" + invalidName),
        exact(
            "time that is not RFC 3339",
            binaryWith("ce-time", "yesterday"),
            "header ce-time is not a valid time: \"yesterday\""),
        exact(
            "time on a day that does not exist",
            binaryWith("ce-time", "2018-02-30T00:00:00Z"),
            "header ce-time is not a valid time: \"2018-02-30T00:00:00Z\""),
        exact(
            "time as a huge number",
            binaryWith("ce-time", "1e300"),
            "header ce-time is not a valid time: \"1e300\""),
        exact(
            "source that is not a URI reference",
            binaryReplacing("ce-source", "http://[::1"),
            "header ce-source is not a valid source: \"http://[::1\""),
        exact(
            "dataschema that is not a URI",
            binaryWith("ce-dataschema", "%20not%20a%20uri"),
            "header ce-dataschema is not a valid dataschema: \" not a uri\""),
        exact(
            "unknown specversion",
            binaryReplacing("ce-specversion", "2.0"),
            "header ce-specversion must be 1.0 or 0.3, but was \"2.0\""),
        exact(
            "empty specversion",
            binaryReplacing("ce-specversion", ""),
            "header ce-specversion must be 1.0 or 0.3, but was \"\""),
        exact(
            "specversion sent twice",
            binaryWith("ce-specversion", "1.0"),
            "header ce-specversion must be sent once, but was sent 2 times"),
        exact(
            "id sent twice",
            binaryWith("ce-id", "2"),
            "header ce-id must be sent once, but was sent 2 times"),
        exact(
            "Content-Type sent twice",
            binaryWith("Content-Type", "text/plain"),
            "header content-type must be sent once, but was sent 2 times"),
        exact(
            "percent sign at the end",
            binaryWith("ce-subject", "50%"),
            "header ce-subject has a '%' at 2 that is not followed by two hex digits"),
        exact(
            "percent sign before one hex digit",
            binaryWith("ce-subject", "%4"),
            "header ce-subject has a '%' at 0 that is not followed by two hex digits"),
        exact(
            "percent sign before non-hex digits",
            binaryWith("ce-subject", "a%zz"),
            "header ce-subject has a '%' at 1 that is not followed by two hex digits"),
        exact(
            "overlong UTF-8 once decoded",
            binaryWith("ce-subject", "%C0%A0"),
            "header ce-subject, percent-decoded, is not valid UTF-8 text"),
        exact(
            "lone continuation byte once decoded",
            binaryWith("ce-subject", "%80"),
            "header ce-subject, percent-decoded, is not valid UTF-8 text"),
        exact(
            "datacontenttype as a header",
            binaryWith("ce-datacontenttype", "text/plain"),
            "header ce-datacontenttype is not allowed: in binary mode the data is the body and its"
                + " content type is Content-Type"),
        exact(
            "Content-Type that is not a media type",
            binaryReplacing("Content-Type", "json"),
            "header Content-Type must be a media type such as text/plain, but was \"json\""),
        exact(
            "text in an unknown charset",
            binaryBody("text/plain; charset=klingon", utf8("Qapla'")),
            "the body is in charset \"klingon\", which is not supported"),
        exact(
            "text that is not UTF-8",
            binaryBody("text/plain", new byte[] {'h', 'i', (byte) 0xFF}),
            "the body is not valid UTF-8 text"),
        containing(
            "JSON body that is not JSON",
            binaryBody("application/json", utf8("{\"a\":")),
            "the body is not valid JSON: "),
        containing(
            "body without Content-Type that is not JSON",
            request(
                List.of(
                    Map.entry("ce-specversion", "1.0"),
                    Map.entry("ce-id", "1"),
                    Map.entry("ce-source", "/source"),
                    Map.entry("ce-type", "test.event")),
                utf8("hello")),
            "the body is not valid JSON: "),
        exact(
            "control characters are escaped in the message",
            binaryWith("ce-time", "%0D%0AINFO forged line"),
            "header ce-time is not a valid time: \"\\r\\nINFO forged line\""),
        containing(
            "a huge value is cut in the message",
            binaryWith("ce-time", "9".repeat(10_000)),
            "\"" + "9".repeat(200) + "…\""),
        exact(
            "previousattributes that is not an object",
            binaryWith("ce-previousattributes", "[1]"),
            "extension previousattributes must hold a JSON object"));
  }

  static Stream<Case> structuredCases() {
    return Stream.of(
        containing(
            "id as a number",
            structured("{\"specversion\":\"1.0\",\"id\":5,\"source\":\"/s\",\"type\":\"t\"}"),
            "Wrong type NUMBER for attribute id"),
        containing(
            "source as an object",
            structured("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":{},\"type\":\"t\"}"),
            "Wrong type OBJECT for attribute source"),
        containing(
            "type as an array",
            structured("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":[]}"),
            "Wrong type ARRAY for attribute type"),
        containing(
            "time as a number", structured10("\"time\":5"), "Wrong type NUMBER for attribute time"),
        containing(
            "time that is not RFC 3339",
            structured10("\"time\":\"yesterday\""),
            "\"time\": yesterday"),
        containing(
            "subject as a boolean",
            structured10("\"subject\":true"),
            "Wrong type BOOLEAN for attribute subject"),
        containing(
            "source that is not a URI reference",
            structured(
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"http://[::1\",\"type\":\"t\"}"),
            "\"source\": http://[::1"),
        containing(
            "dataschema that is not a URI",
            structured10("\"dataschema\":\"http://[::1\""),
            "\"dataschema\""),
        exact(
            "unknown specversion",
            structuredWith("\"specversion\":\"2.0\""),
            "the event: attribute specversion must be 1.0 or 0.3, but was \"2.0\""),
        exact(
            "specversion as a number",
            structuredWith("\"specversion\":1.0"),
            "the event: attribute specversion must be a string, but was number"),
        exact(
            "specversion missing",
            structuredWith("\"subject\":\"s\""),
            "the event: attribute specversion is missing"),
        containing(
            "extension integer beyond 32 bits", structured10("\"long\":4247483647"), "\"long\""),
        containing("extension decimal number", structured10("\"decimal\":42.42"), "\"decimal\""),
        exact(
            "data and data_base64",
            structured10("\"data\":{},\"data_base64\":\"e30=\""),
            "the event has both data and data_base64; one at most"),
        containing(
            "data_base64 that is not base64",
            structured10("\"data_base64\":\"@@@@\""),
            "the event: data_base64 is not valid base64: "),
        exact(
            "data_base64 as a number",
            structured10("\"data_base64\":5"),
            "the event: data_base64 must be a base64 JSON string, but was number"),
        exact(
            "datacontenttype that is not a media type",
            structured10("\"datacontenttype\":\"not a media type\",\"data\":\"x\""),
            "the event: attribute datacontenttype must be a media type such as text/plain, but was \"not a media type\""),
        containing(
            "datacontenttype as a number",
            structured10("\"datacontenttype\":5"),
            "Wrong type NUMBER for attribute datacontenttype"),
        exact(
            "text data as an object",
            structured10("\"datacontenttype\":\"text/plain\",\"data\":{\"a\":1}"),
            "the event: data must be a JSON string when datacontenttype is \"text/plain\", but was object"),
        containing(
            "JSON in data_base64 that is not JSON",
            structured10(
                "\"datacontenttype\":\"application/json\",\"data_base64\":\"bm90IGpzb24=\""),
            "the event: data is not valid JSON: "),
        containing(
            "0.3 base64 data that is not base64",
            structuredWith(
                "\"specversion\":\"0.3\",\"datacontentencoding\":\"base64\",\"data\":\"@@@@\""),
            "the event: data (datacontentencoding base64) is not valid base64: "),
        exact(
            "empty type",
            structured("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"\"}"),
            "event topic is missing or empty"),
        exact(
            "id and ID, read case-insensitively",
            structured10("\"ID\":\"2\""),
            "the event: attribute \"id\" is named twice, as \"ID\" and \"id\""),
        exact(
            "Type before type",
            structured(
                "{\"specversion\":\"1.0\",\"Type\":\"other\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}"),
            "the event: attribute \"type\" is named twice, as \"Type\" and \"type\""),
        exact(
            "Data beside data",
            structured10("\"data\":{\"a\":1},\"Data\":{\"a\":2}"),
            "the event: attribute \"data\" is named twice, as \"data\" and \"Data\""),
        exact(
            "previousAttributes beside previousattributes",
            structured10("\"previousattributes\":\"{}\",\"previousAttributes\":\"{}\""),
            "the event: attribute \"previousattributes\" is named twice, as \"previousattributes\""
                + " and \"previousAttributes\""),
        exact(
            "bad event in a batch",
            request(
                List.of(Map.entry("Content-Type", MediaTypes.CLOUDEVENTS_BATCH_JSON)),
                utf8(
                    "[{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"},"
                        + "{\"specversion\":\"9000.1\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\"}]")),
            "event #2 of the batch: attribute specversion must be 1.0 or 0.3, but was \"9000.1\""));
  }

  static Stream<Case> cases() {
    return Stream.concat(binaryCases(), structuredCases());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theReaderNamesWhatIsWrong(Case input) {
    MalformedEventException e =
        catchThrowableOfType(MalformedEventException.class, () -> read(input.request()));

    assertThat(e).as("a MalformedEventException").isNotNull();
    if (input.exact()) {
      assertThat(e).hasMessage(input.message());
    } else {
      assertThat(e).hasMessageContaining(input.message());
    }
    assertThat(e.getMessage()).hasSizeLessThan(400);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aSignedReceiverAnswers400AndRunsNoHandler(Case input) {
    CloudEventRequests.Endpoint endpoint = new CloudEventRequests.Endpoint();

    WebhookResponse response = endpoint.receive(input.request());

    assertThat(response.status()).as(response.bodyText()).isEqualTo(400);
    assertThat(response.bodyText()).contains(input.message());
    assertThat(endpoint.handled()).isEmpty();
  }

  @Test
  void extensionValuesThatAreObjectsOrArraysAreReadAsTheirJsonText() {
    WebhookEvent event =
        CloudEventRequests.readOne(
            structured10("\"apiversion\":{\"major\":2},\"arrayext\":[1,2],\"boolext\":true"));

    assertThat(event.apiVersion()).contains("{\"major\":2}");
  }

  @Test
  void unsignedCeHeadersAreIgnoredNotValidatedWhenOnlySignedOnesAreRead() {
    CloudEventsReader signedOnly =
        CloudEventsReader.binaryHeaders(java.util.Set.of("ce-id", "ce-source", "ce-type"));
    WebhookRequest request = binaryWith("ce-trace-id", "unsigned");

    WebhookEvent event = signedOnly.read(request, CloudEventRequests.MAPPER).get(0);

    assertThat(event.id()).isEqualTo("1");
    assertThatThrownBy(() -> read(request)).isInstanceOf(MalformedEventException.class);
  }
}
