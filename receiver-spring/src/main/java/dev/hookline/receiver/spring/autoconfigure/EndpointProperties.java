package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.event.Framing;
import dev.hookline.receiver.signature.HmacAlgorithm;
import dev.hookline.receiver.signature.SecretEncoding;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.TimestampFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * One webhook endpoint, {@code hookline.endpoints.<name>}: its path, provider, secrets, verifier
 * and reader.
 *
 * <p>A {@code @Nullable} getter returns null while its setting is unset; a default named in the
 * setting's description is applied where the setting is used.
 */
public class EndpointProperties {

  /**
   * The request path, relative to the context path, e.g. /webhooks/lucca. A path ending in
   * /{tenant}, e.g. /webhooks/lucca/{tenant}, serves many tenants: each request is verified with
   * the secrets of the tenant its last segment names (tenants.<id>.secrets, or the application's
   * SecretSource bean), and every path under the prefix is answered, 401 for any but a known
   * tenant's.
   */
  private @Nullable String path;

  /**
   * Who sends to this endpoint: the id or an alias of a provider in the ProviderRegistry
   * (Hookline's lucca, standard-webhooks (also svix), github, stripe, arta, shopify and slack, the
   * application's Provider beans, and plugins with hookline.install-plugins), in any case and with
   * _ for -; or custom, a generic HMAC (or unverified) verifier and JSON reader set by verifier.*
   * and reader.*.
   */
  private @Nullable String provider;

  /**
   * sync (default) or async: store the event, answer 202, run the handlers in the inbox workers.
   */
  private Mode mode = Mode.SYNC;

  /**
   * The signing secrets; several are accepted at once during a rotation. Not for a path naming the
   * tenant, whose secrets are in tenants.
   */
  private List<String> secrets = new ArrayList<>();

  /**
   * For a path ending in /{tenant}: each tenant's secrets by tenant id (case-sensitive; 1 to 64
   * ASCII letters, digits, '.', '_' or '-', starting with a letter or a digit; write an id with a
   * dot in brackets, tenants.[acme.eu].secrets). Unset: the application's SecretSource bean gives
   * them.
   */
  private Map<String, Tenant> tenants = new LinkedHashMap<>();

  /**
   * Public keys, for providers with public-key signatures (Standard Webhooks v1a: base64 Ed25519
   * keys, raw 32 bytes or X.509 DER, or whpk_ keys).
   */
  private List<String> publicKeys = new ArrayList<>();

  /**
   * Async mode: which entity an event is about, as JSON pointers into its data whose values are
   * joined (e.g. /employee/id), so that one entity's events run one at a time in the order they
   * were accepted; none turns ordering off. Default: the provider's rule (Lucca: /type and /id of
   * the data resource; Stripe: /id of data.object; others none).
   */
  private @Nullable List<String> orderingKey;

  /** How far a signed timestamp may be from this server's clock, either way. Default 5m. */
  private @Nullable Duration tolerance;

  /** The largest accepted body; larger ones are answered 413. Default 1MB. */
  private @Nullable DataSize maxBodySize;

  /** Whether GET requests are activation challenges. Default: true for Lucca, else false. */
  private @Nullable Boolean challenge;

  /** GitHub only: also accept the legacy SHA-1 X-Hub-Signature when the SHA-256 one is absent. */
  private boolean legacySha1;

  /** The verifier of a custom endpoint or of a provider without a signature scheme (Arta). */
  private Verifier verifier = new Verifier();

  /** How a custom endpoint reads events from its JSON bodies. */
  private Reader reader = new Reader();

  /**
   * The framings accepted: provider, cloudevents-structured, cloudevents-batch, cloudevents-binary,
   * form-payload. Default the provider's: provider, cloudevents-structured and cloudevents-batch,
   * plus form-payload for GitHub. cloudevents-binary needs its ce-* headers signed (a custom
   * verifier's signed-content naming {header:ce-id}, {header:ce-source} and {header:ce-type}) or
   * trusted with trust-unsigned-headers.
   */
  private @Nullable Set<Framing> framings;

  /**
   * Why CloudEvents binary mode may read ce-* headers the signature does not cover; logged as a
   * warning at startup. Unset (default): it may not.
   */
  private @Nullable String trustUnsignedHeaders;

  public @Nullable List<String> getOrderingKey() {
    return orderingKey;
  }

  public void setOrderingKey(@Nullable List<String> orderingKey) {
    this.orderingKey = orderingKey;
  }

  public @Nullable String getPath() {
    return path;
  }

  public void setPath(@Nullable String path) {
    this.path = path;
  }

  public @Nullable String getProvider() {
    return provider;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public void setProvider(@Nullable String provider) {
    this.provider = provider;
  }

  public List<String> getSecrets() {
    return secrets;
  }

  public void setSecrets(List<String> secrets) {
    this.secrets = secrets;
  }

  public Map<String, Tenant> getTenants() {
    return tenants;
  }

  public void setTenants(Map<String, Tenant> tenants) {
    this.tenants = tenants;
  }

  public List<String> getPublicKeys() {
    return publicKeys;
  }

  public void setPublicKeys(List<String> publicKeys) {
    this.publicKeys = publicKeys;
  }

  public @Nullable Duration getTolerance() {
    return tolerance;
  }

  public void setTolerance(@Nullable Duration tolerance) {
    this.tolerance = tolerance;
  }

  public @Nullable DataSize getMaxBodySize() {
    return maxBodySize;
  }

  public void setMaxBodySize(@Nullable DataSize maxBodySize) {
    this.maxBodySize = maxBodySize;
  }

  public @Nullable Boolean getChallenge() {
    return challenge;
  }

  public void setChallenge(@Nullable Boolean challenge) {
    this.challenge = challenge;
  }

  public boolean isLegacySha1() {
    return legacySha1;
  }

  public void setLegacySha1(boolean legacySha1) {
    this.legacySha1 = legacySha1;
  }

  public Verifier getVerifier() {
    return verifier;
  }

  public void setVerifier(Verifier verifier) {
    this.verifier = verifier;
  }

  public @Nullable Set<Framing> getFramings() {
    return framings;
  }

  public void setFramings(@Nullable Set<Framing> framings) {
    this.framings = framings;
  }

  public @Nullable String getTrustUnsignedHeaders() {
    return trustUnsignedHeaders;
  }

  public void setTrustUnsignedHeaders(@Nullable String trustUnsignedHeaders) {
    this.trustUnsignedHeaders = trustUnsignedHeaders;
  }

  public Reader getReader() {
    return reader;
  }

  public void setReader(Reader reader) {
    this.reader = reader;
  }

  /** When an endpoint runs its handlers. */
  public enum Mode {
    /** During the request; the answer reflects the handlers' outcome. */
    SYNC,
    /** Later, by inbox workers; the request is answered 202 once the event is stored. */
    ASYNC
  }

  /** How a custom endpoint, or one of a provider without a signature scheme, authenticates. */
  public enum VerifierType {
    /** A configurable HMAC scheme (the {@code verifier.*} settings). */
    HMAC,
    /** No verification; requires {@code verifier.reason}. Protect the endpoint another way. */
    UNVERIFIED
  }

  /**
   * A generic HMAC verifier, or the explicit choice of none, for custom endpoints and those of
   * providers without a signature scheme (Arta).
   *
   * <p>A {@code @Nullable} getter returns null while its setting is unset; a default named in the
   * setting's description is applied where the setting is used.
   */
  public static class Verifier {

    /** hmac or unverified; required for custom endpoints and Arta's. */
    private @Nullable VerifierType type;

    /** Unverified only: why, recorded in the startup warning. */
    private @Nullable String reason;

    /** The header holding the signature. */
    private @Nullable String header;

    /** Text before the encoded signature, e.g. sha256=. */
    private String prefix = "";

    /** How the signature is encoded. */
    private SignatureEncoding encoding = SignatureEncoding.HEX;

    /** The HMAC digest; SHA1 only for legacy senders. */
    private HmacAlgorithm algorithm = HmacAlgorithm.SHA256;

    /** How secrets become key bytes. */
    private SecretEncoding secretEncoding = SecretEncoding.TEXT;

    /** What is signed: a template over {id}, {timestamp}, {header:name} and {body}. */
    private String signedContent = "{body}";

    /** Splits one header into several signature entries, e.g. a space. */
    private @Nullable String separator;

    /** The header holding the signed timestamp. */
    private @Nullable String timestampHeader;

    /** How the timestamp is written. */
    private TimestampFormat timestampFormat = TimestampFormat.UNIX_SECONDS;

    /** The header holding the message id that {id} stands for. */
    private @Nullable String idHeader;

    public @Nullable VerifierType getType() {
      return type;
    }

    public void setType(@Nullable VerifierType type) {
      this.type = type;
    }

    public @Nullable String getReason() {
      return reason;
    }

    public void setReason(@Nullable String reason) {
      this.reason = reason;
    }

    public @Nullable String getHeader() {
      return header;
    }

    public void setHeader(@Nullable String header) {
      this.header = header;
    }

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    public SignatureEncoding getEncoding() {
      return encoding;
    }

    public void setEncoding(SignatureEncoding encoding) {
      this.encoding = encoding;
    }

    public HmacAlgorithm getAlgorithm() {
      return algorithm;
    }

    public void setAlgorithm(HmacAlgorithm algorithm) {
      this.algorithm = algorithm;
    }

    public SecretEncoding getSecretEncoding() {
      return secretEncoding;
    }

    public void setSecretEncoding(SecretEncoding secretEncoding) {
      this.secretEncoding = secretEncoding;
    }

    public String getSignedContent() {
      return signedContent;
    }

    public void setSignedContent(String signedContent) {
      this.signedContent = signedContent;
    }

    public @Nullable String getSeparator() {
      return separator;
    }

    public void setSeparator(@Nullable String separator) {
      this.separator = separator;
    }

    public @Nullable String getTimestampHeader() {
      return timestampHeader;
    }

    public void setTimestampHeader(@Nullable String timestampHeader) {
      this.timestampHeader = timestampHeader;
    }

    public TimestampFormat getTimestampFormat() {
      return timestampFormat;
    }

    public void setTimestampFormat(TimestampFormat timestampFormat) {
      this.timestampFormat = timestampFormat;
    }

    public @Nullable String getIdHeader() {
      return idHeader;
    }

    public void setIdHeader(@Nullable String idHeader) {
      this.idHeader = idHeader;
    }
  }

  /** One tenant of an endpoint whose path names the tenant. */
  public static class Tenant {

    /** The tenant's signing secrets; several are accepted at once during a rotation. */
    private List<String> secrets = new ArrayList<>();

    public List<String> getSecrets() {
      return secrets;
    }

    public void setSecrets(List<String> secrets) {
      this.secrets = secrets;
    }
  }

  /** How a custom endpoint turns a JSON body into an event. */
  public static class Reader {

    /** The field holding the topic. */
    private String topicField = "type";

    /** The field holding the event id; without one, the body's SHA-256 is the id. */
    private String idField = "id";

    /** The object field holding the data; when absent the whole body is the data. */
    private String dataField = "data";

    public String getTopicField() {
      return topicField;
    }

    public void setTopicField(String topicField) {
      this.topicField = topicField;
    }

    public String getIdField() {
      return idField;
    }

    public void setIdField(String idField) {
      this.idField = idField;
    }

    public String getDataField() {
      return dataField;
    }

    public void setDataField(String dataField) {
      this.dataField = dataField;
    }
  }
}
