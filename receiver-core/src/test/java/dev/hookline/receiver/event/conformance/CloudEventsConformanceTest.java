package dev.hookline.receiver.event.conformance;

import static dev.hookline.receiver.event.CloudEventRequests.request;
import static dev.hookline.receiver.event.CloudEventRequests.utf8;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.MediaTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CloudEvents conformance cases (github.com/cloudevents/conformance at 7a8ee0a): the events of
 * its {@code yaml/} files as its tool sends them over HTTP ({@code pkg/http/http.go}: binary mode
 * unless a case says {@code Mode: structured}; attributes in {@code ce-*} headers in that order,
 * {@code Content-Type} only when the case has a {@code datacontenttype}, no percent-encoding;
 * structured bodies are Go's {@code json.Marshal} of the attributes, keys sorted), and the requests
 * of {@code features/http-protocol-binding.feature}. The minimum cases are also sent in structured
 * mode as the JSON event format writes them (text as a JSON string, JSON as its value), which the
 * tool cannot do for text.
 *
 * <p>Each case is read by {@code CloudEventsReader} and sent, signed, through a Lucca receiver that
 * accepts binary mode with {@code trustUnsignedHeaders}: the signature is not what these cases
 * test.
 */
class CloudEventsConformanceTest extends PeerCases {

  /** A binary-mode request: ce-* headers in the tool's order, then the others. */
  private static WebhookRequest binary(
      String specVersion,
      String type,
      String time,
      String id,
      String source,
      String contentType,
      List<Map.Entry<String, String>> more,
      String body) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Ce-Specversion", specVersion));
    headers.add(Map.entry("Ce-Type", type));
    if (time != null) {
      headers.add(Map.entry("Ce-Time", time));
    }
    headers.add(Map.entry("Ce-Id", id));
    headers.add(Map.entry("Ce-Source", source));
    if (contentType != null) {
      headers.add(Map.entry("Content-Type", contentType));
    }
    headers.addAll(more);
    return request(headers, utf8(body));
  }

  private static WebhookRequest structured(String contentType, String json) {
    return request(List.of(Map.entry("Content-Type", contentType)), utf8(json));
  }

  /**
   * {@code yaml/v1.0/v1_minimum.yaml} and {@code yaml/v0.3/v03_minimum.yaml}: six minimum events
   * each, binary mode; {@code Data: |} keeps the final newline.
   */
  static Stream<ConformanceCase> minimum() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (String version : List.of("1.0", "0.3")) {
      String file =
          version.equals("1.0") ? "yaml/v1.0/v1_minimum.yaml" : "yaml/v0.3/v03_minimum.yaml";
      String source =
          "//github.com/cloudevents/cloudeventsconformance/yaml/"
              + (version.equals("1.0") ? "v1.yaml" : "v03.yaml");
      record Minimum(String id, String contentType, String data, boolean json) {}
      List<Minimum> events =
          List.of(
              new Minimum(
                  "conformance-0001", "text/plain; charset=us-ascii", "Hello, World!\n", false),
              new Minimum("conformance-0002", "text/plain; charset=utf-8", "Hello, 🌎!\n", false),
              new Minimum(
                  "conformance-0003", "application/json; charset=utf-8", "\"Hello, 🌎!\"\n", true),
              new Minimum(
                  "conformance-0004",
                  "application/json; charset=utf-8",
                  "{\"msg\":\"Hello, 🌎!\"}\n",
                  true),
              new Minimum(
                  "conformance-0005",
                  "application/json; charset=utf-8",
                  "[\"Hello\",\"🌎!\"]\n",
                  true),
              new Minimum(
                  "conformance-0006",
                  "application/xml; charset=utf-8",
                  "<msg>Hello, 🌎!</msg>\n",
                  false));
      for (Minimum event : events) {
        ExpectedEvent expected = ExpectedEvent.of(event.id(), "io.cloudevents.minimum", source);
        expected = event.json() ? expected.json(event.data()) : expected.text(event.data());
        cases.add(
            new ConformanceCase(
                file + " " + event.id() + " (binary)",
                binary(
                    version,
                    "io.cloudevents.minimum",
                    null,
                    event.id(),
                    source,
                    event.contentType(),
                    List.of(),
                    event.data()),
                expected));
        String data =
            event.json()
                ? event.data().trim()
                : "\"" + event.data().replace("\n", "\\n").replace("\"", "\\\"") + "\"";
        cases.add(
            new ConformanceCase(
                file + " " + event.id() + " (structured, per the JSON event format)",
                structured(
                    MediaTypes.CLOUDEVENTS_JSON,
                    "{\"data\":"
                        + data
                        + ",\"datacontenttype\":\""
                        + event.contentType()
                        + "\",\"id\":\""
                        + event.id()
                        + "\",\"source\":\""
                        + source
                        + "\",\"specversion\":\""
                        + version
                        + "\",\"type\":\"io.cloudevents.minimum\"}"),
                expected));
      }
    }
    return cases.stream();
  }

  /** {@code yaml/v1.yaml} (a binary and a structured case) and {@code yaml/v03.yaml} (binary). */
  static Stream<ConformanceCase> extensions() {
    ExpectedEvent expected =
        ExpectedEvent.of("4321-4321-4321", "com.example.someevent", "/mycontext/subcontext")
            .at("2018-04-05T03:56:24Z")
            .json("{\"world\":\"hello\"}");
    List<Map.Entry<String, String>> extensionsAndTransport =
        List.of(
            Map.entry("Ce-Comexampleextension1", "value"),
            Map.entry("Ce-Comexampleextension2", "{\"othervalue\": 5}"),
            Map.entry("User-Agent", "foo"));
    ConformanceCase structured =
        new ConformanceCase(
            "yaml/v1.yaml Mode: structured",
            request(
                List.of(
                    Map.entry("User-Agent", "foo"),
                    Map.entry("Content-Type", "application/cloudevents+json; charset=UTF-8")),
                utf8(
                    "{\"comexampleextension1\":\"value\","
                        + "\"comexampleextension2\":\"{\\\"othervalue\\\": 5}\","
                        + "\"data\":{\"world\":\"hello\"},\"id\":\"4321-4321-4321\","
                        + "\"source\":\"/mycontext/subcontext\",\"specversion\":\"1.0\","
                        + "\"time\":\"2018-04-05T03:56:24Z\",\"type\":\"com.example.someevent\"}")),
            expected);
    Stream<ConformanceCase> binaries =
        Stream.of(
                Map.entry("yaml/v1.yaml Mode: binary", "1.0"),
                Map.entry("yaml/v03.yaml (binary)", "0.3"))
            .map(
                file ->
                    new ConformanceCase(
                        file.getKey(),
                        binary(
                            file.getValue(),
                            "com.example.someevent",
                            "2018-04-05T03:56:24Z",
                            "4321-4321-4321",
                            "/mycontext/subcontext",
                            null,
                            extensionsAndTransport,
                            "{\"world\":\"hello\"}\n"),
                        expected));
    return Stream.concat(binaries, Stream.of(structured));
  }

  /** {@code features/http-protocol-binding.feature}: both scenario outlines, every example. */
  static Stream<ConformanceCase> httpProtocolBindingFeature() {
    ExpectedEvent expected =
        ExpectedEvent.of("1234-1234-1234", "com.example.someevent", "/mycontext/subcontext")
            .at("2018-04-05T03:56:24Z")
            .json("{\"message\": \"Hello World!\"}");
    List<ConformanceCase> cases = new ArrayList<>();
    for (String contentType : List.of("application/json", "application/json; charset=utf-8")) {
      cases.add(
          new ConformanceCase(
              "features/http-protocol-binding.feature Binary content mode (" + contentType + ")",
              request(
                  List.of(
                      Map.entry("Host", "example.com"),
                      Map.entry("ce-specversion", "1.0"),
                      Map.entry("ce-type", "com.example.someevent"),
                      Map.entry("ce-time", "2018-04-05T03:56:24Z"),
                      Map.entry("ce-id", "1234-1234-1234"),
                      Map.entry("ce-source", "/mycontext/subcontext"),
                      Map.entry("Content-Type", contentType),
                      Map.entry("Content-Length", "33")),
                  utf8("{\n    \"message\": \"Hello World!\"\n}")),
              expected));
    }
    for (String contentType :
        List.of("application/cloudevents+json", "application/cloudevents+json; charset=utf-8")) {
      cases.add(
          new ConformanceCase(
              "features/http-protocol-binding.feature Structured content mode ("
                  + contentType
                  + ")",
              request(
                  List.of(Map.entry("Host", "example.com"), Map.entry("Content-Type", contentType)),
                  utf8(
                      """
                      {
                          "specversion": "1.0",
                          "type": "com.example.someevent",
                          "time": "2018-04-05T03:56:24Z",
                          "id": "1234-1234-1234",
                          "source": "/mycontext/subcontext",
                          "datacontenttype": "application/json",
                          "data": {
                              "message": "Hello World!"
                          }
                      }
                      """)),
              expected));
    }
    return cases.stream();
  }

  static Stream<ConformanceCase> cases() {
    return Stream.of(minimum(), extensions(), httpProtocolBindingFeature()).flatMap(s -> s);
  }
}
