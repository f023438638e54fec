package dev.hookline.receiver.test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A ready delivery before signing: the provider, a name such as {@code employee.updated}, the
 * message id, the headers that are not part of the signature ({@code Content-Type}, {@code
 * X-GitHub-Event}, {@code ce-*}, …) and the body bytes. Sign it with {@link SignedRequests}.
 *
 * @param provider the provider, as {@link Signers#forProvider} names it (or {@code arta})
 * @param name the fixture name, usually the topic
 * @param id the message id: the event id, or the delivery id for header-identified schemes
 * @param headers the unsigned headers, in order
 * @param body the raw body
 */
public record Fixture(
    String provider, String name, String id, Map<String, String> headers, byte[] body) {

  /** Checks and copies the parts. */
  public Fixture {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body.clone();
  }

  /** Returns a copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** This fixture with another body, e.g. one changed by hand; headers and id are kept. */
  public Fixture withBody(byte[] newBody) {
    return new Fixture(provider, name, id, headers, newBody);
  }

  /** This fixture with a header added or replaced. */
  public Fixture withHeader(String header, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(header, value);
    return new Fixture(provider, name, id, copy, body);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Fixture fixture
        && provider.equals(fixture.provider)
        && name.equals(fixture.name)
        && id.equals(fixture.id)
        && headers.equals(fixture.headers)
        && java.util.Arrays.equals(body, fixture.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, name, id, headers, java.util.Arrays.hashCode(body));
  }

  /** Provider, name, id and body length; never the body. */
  @Override
  public String toString() {
    return "Fixture[" + provider + " " + name + " " + id + " (" + body.length + " bytes)]";
  }
}
