package dev.hookline.receiver.test;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.signature.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A signed delivery for receiver tests: a fixture (or any body), signed as the provider does, with
 * mutations for negative tests. Immutable: every method returns a new value, so one {@code
 * SignedRequests.lucca(secret)} can be the start of many requests. Thread-safe.
 *
 * <pre>{@code
 * WebhookRequest ok = SignedRequests.lucca(secret).event(LuccaFixtures.employeeUpdated()).build();
 * WebhookRequest stale = SignedRequests.lucca(secret).event("employee.updated")
 *     .withOldTimestamp().build();
 * }</pre>
 */
public final class SignedRequests {

  /** How far {@link #withOldTimestamp()} moves the signing time back: 10 minutes. */
  public static final Duration OLD = Duration.ofMinutes(10);

  private final String provider;
  private final WebhookSigner signer;
  private final Fixture fixture;
  private final Clock clock;
  private final Instant at;
  private final String path;
  private final boolean tampered;
  private final boolean unsigned;
  private final Map<String, String> extraHeaders;

  private SignedRequests(
      String provider,
      WebhookSigner signer,
      Fixture fixture,
      Clock clock,
      Instant at,
      String path,
      boolean tampered,
      boolean unsigned,
      Map<String, String> extraHeaders) {
    this.provider = provider;
    this.signer = signer;
    this.fixture = fixture;
    this.clock = clock;
    this.at = at;
    this.path = path;
    this.tampered = tampered;
    this.unsigned = unsigned;
    this.extraHeaders = extraHeaders;
  }

  /** Lucca requests signed with the endpoint secret. */
  public static SignedRequests lucca(String secret) {
    return with("lucca", Signers.lucca(secret));
  }

  /** Standard Webhooks v1 requests signed with the {@code whsec_} secret. */
  public static SignedRequests standardWebhooks(String secret) {
    return with("standard-webhooks", Signers.standardWebhooks(secret));
  }

  /** GitHub requests signed with the webhook secret. */
  public static SignedRequests gitHub(String secret) {
    return with("github", Signers.gitHub(secret));
  }

  /** Stripe requests signed with the endpoint secret. */
  public static SignedRequests stripe(String secret) {
    return with("stripe", Signers.stripe(secret));
  }

  /** Shopify requests signed with the app's client secret. */
  public static SignedRequests shopify(String secret) {
    return with("shopify", Signers.shopify(secret));
  }

  /** Slack Events API requests signed with the signing secret. */
  public static SignedRequests slack(String secret) {
    return with("slack", Signers.slack(secret));
  }

  /** Arta requests: Arta documents no signature, so none is added. */
  public static SignedRequests arta() {
    return with("arta", (id, body, time) -> Map.of());
  }

  /**
   * Requests of the provider signed with the given signer (e.g. {@link Signers#hmac()} for a custom
   * scheme); {@code provider} names the fixtures {@link #event(String)} looks up.
   */
  public static SignedRequests with(String provider, WebhookSigner signer) {
    Objects.requireNonNull(provider, "provider");
    String name = provider.toLowerCase(Locale.ROOT);
    Fixture empty =
        new Fixture(name, "body", "msg_1", Map.of("Content-Type", "application/json"), new byte[0]);
    return new SignedRequests(
        name,
        Objects.requireNonNull(signer, "signer"),
        empty,
        Clock.systemUTC(),
        null,
        "/webhooks/" + name,
        false,
        false,
        Map.of());
  }

  /** The fixture to send. */
  public SignedRequests event(Fixture newFixture) {
    return new SignedRequests(
        provider,
        signer,
        Objects.requireNonNull(newFixture, "fixture"),
        clock,
        at,
        path,
        tampered,
        unsigned,
        extraHeaders);
  }

  /** The Lucca event to send, in Lucca's default content type. */
  public SignedRequests event(LuccaEvent event) {
    return event(event.fixture());
  }

  /** The fixture being built to send. */
  public SignedRequests event(FixtureBuilder builder) {
    return event(builder.build());
  }

  /**
   * The provider's fixture by name, e.g. {@code employee.updated} (see {@link Fixtures#all()}).
   *
   * @throws IllegalArgumentException if there is none
   */
  public SignedRequests event(String name) {
    return event(
        Fixtures.find(provider, name)
            .orElseThrow(
                () -> new IllegalArgumentException("no " + provider + " fixture named " + name)));
  }

  /** A raw JSON body instead of a fixture, sent as {@code application/json}. */
  public SignedRequests body(String json) {
    return body(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A raw body instead of a fixture, sent as {@code application/json}. */
  public SignedRequests body(byte[] body) {
    return event(
        new Fixture(
            provider,
            "body",
            WebhookSigner.idFor(body),
            Map.of("Content-Type", "application/json"),
            body));
  }

  /** Signs at this instant instead of the clock's. */
  public SignedRequests at(Instant instant) {
    return new SignedRequests(
        provider,
        signer,
        fixture,
        clock,
        Objects.requireNonNull(instant, "instant"),
        path,
        tampered,
        unsigned,
        extraHeaders);
  }

  /** Signs at the clock's current instant (default: the system UTC clock). */
  public SignedRequests clock(Clock newClock) {
    return new SignedRequests(
        provider,
        signer,
        fixture,
        Objects.requireNonNull(newClock, "clock"),
        null,
        path,
        tampered,
        unsigned,
        extraHeaders);
  }

  /** The request path; default {@code /webhooks/<provider>}. */
  public SignedRequests path(String newPath) {
    return new SignedRequests(
        provider,
        signer,
        fixture,
        clock,
        at,
        Objects.requireNonNull(newPath, "path"),
        tampered,
        unsigned,
        extraHeaders);
  }

  /** Signs with another signer, e.g. one holding the wrong secret. */
  public SignedRequests signedWith(WebhookSigner other) {
    return new SignedRequests(
        provider,
        Objects.requireNonNull(other, "signer"),
        fixture,
        clock,
        at,
        path,
        tampered,
        unsigned,
        extraHeaders);
  }

  /** Signs {@link #OLD} before now: outside the default 5-minute tolerance. */
  public SignedRequests withOldTimestamp() {
    return at(instant().minus(OLD));
  }

  /** Changes the body after signing (a trailing space, so the JSON stays valid). */
  public SignedRequests tampered() {
    return new SignedRequests(
        provider, signer, fixture, clock, at, path, true, unsigned, extraHeaders);
  }

  /** Sends no signature header (timestamp and id headers stay unless they are part of it). */
  public SignedRequests withoutSignature() {
    return new SignedRequests(
        provider, signer, fixture, clock, at, path, tampered, true, extraHeaders);
  }

  /** Adds or replaces a header after signing, e.g. to send a malformed one. */
  public SignedRequests header(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(extraHeaders);
    copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new SignedRequests(
        provider, signer, fixture, clock, at, path, tampered, unsigned, Map.copyOf(copy));
  }

  /** The fixture being sent. */
  public Fixture fixture() {
    return fixture;
  }

  /** The request path. */
  public String path() {
    return path;
  }

  /** The instant the request is signed at. */
  public Instant instant() {
    return at != null ? at : clock.instant();
  }

  /** The headers to send: the fixture's, then the signature's, then those added. */
  public Map<String, String> headers() {
    byte[] body = fixture.body();
    Map<String, String> headers = new LinkedHashMap<>(fixture.headers());
    Map<String, String> signed =
        new LinkedHashMap<>(signer.sign(fixture.id(), body, instant(), fixture.headers()));
    if (unsigned && !signed.isEmpty()) {
      // The signature header comes last (the WebhookSigner contract).
      signed.remove(List.copyOf(signed.keySet()).get(signed.size() - 1));
    }
    headers.putAll(signed);
    headers.putAll(extraHeaders);
    return headers;
  }

  /** The body to send, tampered if asked. */
  public byte[] body() {
    byte[] body = fixture.body();
    if (!tampered) {
      return body;
    }
    byte[] changed = java.util.Arrays.copyOf(body, body.length + 1);
    changed[body.length] = ' ';
    return changed;
  }

  /** The request, ready for {@code WebhookReceiver.receive}. */
  public WebhookRequest build() {
    WebhookRequest.Builder builder = WebhookRequest.builder().method("POST").path(path);
    headers().forEach(builder::header);
    return builder.body(body()).build();
  }

  @Override
  public String toString() {
    return "SignedRequests["
        + provider
        + " "
        + fixture
        + (tampered ? " tampered" : "")
        + (unsigned ? " unsigned" : "")
        + "]";
  }
}
