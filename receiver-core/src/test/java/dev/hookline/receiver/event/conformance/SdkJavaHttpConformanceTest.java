package dev.hookline.receiver.event.conformance;

import static dev.hookline.receiver.event.CloudEventRequests.request;
import static dev.hookline.receiver.event.CloudEventRequests.structured;
import static dev.hookline.receiver.event.CloudEventRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.CloudEventRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cases of cloudevents/sdk-java 4.0.1's own tests, taken as data: the binary-mode requests of
 * {@code http/basic/src/test/java/io/cloudevents/http/HttpMessageReaderWriterTest.java} ({@code
 * binaryTestArguments}), the structured events of {@code
 * formats/json-jackson/src/test/resources/v1/*.json} and {@code v03/*.json} with the events {@code
 * JsonFormatTest} reads them as, and its JSON and non-JSON content types. The expected events are
 * those of {@code core/src/test/java/io/cloudevents/core/test/Data.java}.
 *
 * <p>Each case is read by {@code CloudEventsReader} and sent, signed, through a Lucca receiver
 * (binary mode enabled with {@code trustUnsignedHeaders}: the signature is not what they test).
 */
class SdkJavaHttpConformanceTest extends PeerCases {

  // core/src/test/java/io/cloudevents/core/test/Data.java
  private static final String ID = "1";
  private static final String TYPE = "mock.test";
  private static final String SOURCE = "http://localhost/source";
  private static final String TIME = "2018-04-26T14:48:09+02:00";
  private static final ExpectedEvent MIN = ExpectedEvent.of(ID, TYPE, SOURCE);
  private static final ExpectedEvent WITH_JSON_DATA = MIN.at(TIME).json("{}");
  private static final ExpectedEvent WITH_XML_DATA = MIN.at(TIME).text("<stuff></stuff>");
  private static final ExpectedEvent WITH_TEXT_DATA = MIN.at(TIME).text("Hello World Lorena!");

  /**
   * HttpMessageReaderWriterTest.binaryTestArguments: the same five events in 0.3 and 1.0 (its
   * headers are a HashMap, so their order is not part of the case).
   */
  static Stream<ConformanceCase> binary() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (String version : List.of("0.3", "1.0")) {
      String v = version.equals("0.3") ? "V03" : "V1";
      List<Map.Entry<String, String>> json =
          concat(
              List.of(
                  Map.entry(
                      version.equals("0.3") ? "ce-schemaurl" : "ce-dataschema",
                      "http://localhost/schema")),
              described("application/json"));
      List<Map.Entry<String, String>> extensions =
          List.of(
              Map.entry("ce-astring", "aaa"),
              Map.entry("ce-aboolean", "true"),
              Map.entry("ce-anumber", "10"));
      cases.add(binaryCase(v + "_MIN", version, List.of(), null, MIN));
      cases.add(binaryCase(v + "_WITH_JSON_DATA", version, json, "{}", WITH_JSON_DATA));
      cases.add(
          binaryCase(
              v + "_WITH_JSON_DATA_WITH_EXT_STRING",
              version,
              concat(json, extensions),
              "{}",
              WITH_JSON_DATA));
      cases.add(
          binaryCase(
              v + "_WITH_XML_DATA",
              version,
              described("application/xml"),
              "<stuff></stuff>",
              WITH_XML_DATA));
      cases.add(
          binaryCase(
              v + "_WITH_TEXT_DATA",
              version,
              described("text/plain"),
              "Hello World Lorena!",
              WITH_TEXT_DATA));
    }
    return cases.stream();
  }

  /** The headers of an event with data of the type, a subject and a time. */
  private static List<Map.Entry<String, String>> described(String contentType) {
    return List.of(
        Map.entry("content-type", contentType),
        Map.entry("ce-subject", "sub"),
        Map.entry("ce-time", TIME));
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  private static ConformanceCase binaryCase(
      String event,
      String version,
      List<Map.Entry<String, String>> more,
      String body,
      ExpectedEvent expected) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("ce-specversion", version));
    headers.add(Map.entry("ce-id", ID));
    headers.add(Map.entry("ce-type", TYPE));
    headers.add(Map.entry("ce-source", SOURCE));
    headers.addAll(more);
    return new ConformanceCase(
        "http/basic HttpMessageReaderWriterTest binary " + event,
        request(headers, body == null ? new byte[0] : utf8(body)),
        expected);
  }

  /** A structured event of formats/json-jackson/src/test/resources, as published. */
  private static ConformanceCase resource(String file, ExpectedEvent expected, String json) {
    return new ConformanceCase("formats/json-jackson " + file, structured(json), expected);
  }

  /** JsonFormatTest.deserializeArguments and its upper-case and invalid extension name cases. */
  static Stream<ConformanceCase> structuredResources() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (String version : List.of("0.3", "1.0")) {
      String dir = version.equals("0.3") ? "v03/" : "v1/";
      String schema = version.equals("0.3") ? "schemaurl" : "dataschema";
      String head =
          "{\"specversion\":\""
              + version
              + "\",\"id\":\"1\",\"type\":\"mock.test\",\"source\":\"http://localhost/source\"";
      String jsonHead =
          head
              + ",\""
              + schema
              + "\":\"http://localhost/schema\",\"datacontenttype\":\"application/json\"";
      String tail = ",\"subject\":\"sub\",\"time\":\"2018-04-26T14:48:09+02:00\"";
      String ext = ",\"astring\":\"aaa\",\"aboolean\":true,\"anumber\":10";
      String base64Json =
          version.equals("0.3")
              ? ",\"datacontentencoding\":\"base64\",\"data\":\"e30=\""
              : ",\"data_base64\":\"e30=\"";
      String base64 =
          version.equals("0.3")
              ? ",\"datacontentencoding\":\"base64\",\"data\":"
              : ",\"data_base64\":";
      cases.add(resource(dir + "min.json", MIN, head + "}"));
      cases.add(resource(dir + "min_subject_null.json", MIN, head + ",\"subject\":null}"));
      cases.add(
          resource(dir + "json_data.json", WITH_JSON_DATA, jsonHead + ",\"data\":{}" + tail + "}"));
      cases.add(
          resource(
              dir + "json_data_with_ext.json",
              WITH_JSON_DATA,
              jsonHead + ",\"data\":{}" + tail + ext + "}"));
      cases.add(
          resource(
              dir + "json_data_with_ext_upper_case.json",
              WITH_JSON_DATA,
              jsonHead
                  + ",\"data\":{}"
                  + tail
                  + ",\"aString\":\"aaa\",\"aBoolean\":true,\"aNumber\":10}"));
      cases.add(
          resource(
              dir + "json_data_with_ext_invalid.json",
              WITH_JSON_DATA,
              jsonHead + ",\"data\":{}" + tail + ext + ",\"a_invalid_name\":\"invalidName\"}"));
      cases.add(
          resource(
              dir + "base64_json_data.json", WITH_JSON_DATA, jsonHead + base64Json + tail + "}"));
      cases.add(
          resource(
              dir + "base64_json_data_with_ext.json",
              WITH_JSON_DATA,
              jsonHead + base64Json + tail + ext + "}"));
      cases.add(
          resource(
              dir + "xml_data.json",
              WITH_XML_DATA,
              head
                  + ",\"datacontenttype\":\"application/xml\",\"data\":\"<stuff></stuff>\""
                  + tail
                  + "}"));
      cases.add(
          resource(
              dir + "base64_xml_data.json",
              WITH_XML_DATA,
              head
                  + ",\"datacontenttype\":\"application/xml\""
                  + base64
                  + "\"PHN0dWZmPjwvc3R1ZmY+\""
                  + tail
                  + "}"));
      cases.add(
          resource(
              dir + "text_data.json",
              WITH_TEXT_DATA,
              head
                  + ",\"datacontenttype\":\"text/plain\",\"data\":\"Hello World Lorena!\""
                  + tail
                  + "}"));
      cases.add(
          resource(
              dir + "base64_text_data.json",
              WITH_TEXT_DATA,
              head
                  + ",\"datacontenttype\":\"text/plain\""
                  + base64
                  + "\"SGVsbG8gV29ybGQgTG9yZW5hIQ==\""
                  + tail
                  + "}"));
    }
    String v1 =
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"mock.test\",\"source\":\"http://localhost/source\"";
    cases.add(
        resource(
            "v1/json_data_with_fractional_time.json",
            MIN.at("2018-04-26T14:48:09.1234Z").json("{}"),
            v1
                + ",\"dataschema\":\"http://localhost/schema\",\"datacontenttype\":\"application/json\","
                + "\"data\":{},\"subject\":\"sub\",\"time\":\"2018-04-26T14:48:09.1234Z\"}"));
    cases.add(resource("v1/binary_attr.json", MIN, v1 + ",\"binary\":\"4P8ARKo=\"}"));
    cases.add(
        resource(
            "v1/numeric_ext.json",
            MIN,
            v1 + ",\"integer\":42,\"decimal\":\"42.42\",\"float\":\"4.2\",\"long\":\"4200\"}"));
    return cases.stream();
  }

  /** JsonFormatTest.jsonContentTypes: object data under each is JSON. */
  static Stream<ConformanceCase> jsonContentTypes() {
    return Stream.of(
            "application/json",
            "application/json;charset=utf-8",
            "application/json;\\tcharset = \\\"utf-8\\\"",
            "application/cloudevents+json;charset=UTF-8",
            "text/json",
            "text/json;charset=utf-8",
            "text/cloudevents+json;charset=UTF-8",
            "text/json;\\twhatever",
            "text/json; boundary=something",
            "text/json;foo=\\\"bar\\\"",
            "text/json; charset = \\\"us-ascii\\\"",
            "text/json; \\t",
            "text/json;",
            "text/json; char-set = $!#$%&'*+.^_`|")
        .map(
            contentType ->
                new ConformanceCase(
                    "formats/json-jackson JsonFormatTest JSON content type " + contentType,
                    structured(
                        "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"mock.test\","
                            + "\"source\":\"http://localhost/source\",\"datacontenttype\":\""
                            + contentType
                            + "\",\"data\":{\"a\":1}}"),
                    MIN.json("{\"a\":1}")));
  }

  static Stream<ConformanceCase> cases() {
    return Stream.of(binary(), structuredResources(), jsonContentTypes()).flatMap(s -> s);
  }

  /**
   * JsonFormatTest.verifyDeserializeError: {@code fail_numeric_decimal.json} and {@code
   * fail_numeric_long.json} (the same in v1/ and v03/): extension numbers must be 32-bit integers.
   */
  @ParameterizedTest
  @ValueSource(strings = {"\"decimal\": 42.42", "\"long\": 4247483647"})
  void extensionNumbersThatAreNotIntegersAreRejected(String extension) {
    WebhookRequest request =
        structured(
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"mock.test\","
                + "\"source\":\"http://localhost/source\","
                + extension
                + "}");
    String name = extension.substring(0, extension.indexOf(':'));

    assertThatThrownBy(() -> CloudEventRequests.read(request))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("the event is not a valid CloudEvent: ")
        .hasMessageContaining(name);
    WebhookResponse response = new CloudEventRequests.Endpoint().receive(request);
    assertThat(response.status()).isEqualTo(400);
  }

  /**
   * JsonFormatTest.notJsonContentTypes: under these, data must be a string, so object data is a
   * 400. ({@code "text/json "} and {@code "text/json ;"}, which the SDK's pattern also calls not
   * JSON, are left out: this reader trims around the media type, as RFC 7231's grammar allows.)
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"applications/json", "application/jsom", "application/jsonwrong", "test/json"})
  void objectDataUnderANonJsonContentTypeIsRejected(String contentType) {
    WebhookRequest request =
        structured(
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"mock.test\","
                + "\"source\":\"http://localhost/source\",\"datacontenttype\":\""
                + contentType
                + "\",\"data\":{\"a\":1}}");

    assertThatThrownBy(() -> CloudEventRequests.read(request))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage(
            "the event: data must be a JSON string when datacontenttype is \""
                + contentType
                + "\", but was object");
    assertThat(new CloudEventRequests.Endpoint().receive(request).status()).isEqualTo(400);
  }
}
