package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.event.Framing;
import dev.hookline.receiver.signature.HmacAlgorithm;
import dev.hookline.receiver.signature.SecretEncoding;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.TimestampFormat;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Hookline's settings: one entry per webhook endpoint, and the idempotency store. */
@ConfigurationProperties(prefix = "hookline")
public class HooklineProperties {

  /** Webhook endpoints by name; the name is what {@code @WebhookListener(endpoint)} refers to. */
  private Map<String, Endpoint> endpoints = new LinkedHashMap<>();

  /** Where processed deliveries are remembered. */
  private Idempotency idempotency = new Idempotency();

  /** The inbox and workers of asynchronous endpoints. */
  private InboxSettings inbox = new InboxSettings();

  /** Provider API clients and replay (receiver-clients). */
  private Providers providers = new Providers();

  public Map<String, Endpoint> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(Map<String, Endpoint> endpoints) {
    this.endpoints = endpoints;
  }

  public Idempotency getIdempotency() {
    return idempotency;
  }

  public InboxSettings getInbox() {
    return inbox;
  }

  public void setInbox(InboxSettings inbox) {
    this.inbox = inbox;
  }

  public void setIdempotency(Idempotency idempotency) {
    this.idempotency = idempotency;
  }

  public Providers getProviders() {
    return providers;
  }

  public void setProviders(Providers providers) {
    this.providers = providers;
  }

  /** The senders Hookline knows. */
  public enum Provider {
    /** Lucca: Lucca-Signature, activation challenge on by default. */
    LUCCA,
    /** Standard Webhooks and Svix: v1 secrets and/or v1a public keys. */
    STANDARD_WEBHOOKS,
    /** GitHub: X-Hub-Signature-256. */
    GITHUB,
    /** Stripe: Stripe-Signature. */
    STRIPE,
    /** Arta: no documented signature, so the verifier must be chosen. */
    ARTA,
    /** Any other sender: a generic HMAC verifier (or unverified) and a plain JSON reader. */
    CUSTOM
  }

  /** When an endpoint runs its handlers. */
  public enum Mode {
    /** During the request; the answer reflects the handlers' outcome. */
    SYNC,
    /** Later, by inbox workers; the request is answered 202 once the event is stored. */
    ASYNC
  }

  /** How an Arta or custom endpoint authenticates requests. */
  public enum VerifierType {
    /** A configurable HMAC scheme (the {@code verifier.*} settings). */
    HMAC,
    /** No verification; requires {@code verifier.reason}. Protect the endpoint another way. */
    UNVERIFIED
  }

  /** Which store remembers processed deliveries. */
  public enum Store {
    /** Bounded, in this JVM only: not shared by instances, lost on restart. */
    MEMORY,
    /** A table in the application's DataSource, shared by every instance (receiver-jdbc). */
    JDBC
  }

  /** One webhook endpoint. */
  public static class Endpoint {

    /** The request path, relative to the context path, e.g. /webhooks/lucca. */
    private String path;

    /** Who sends to this endpoint. */
    private Provider provider;

    /**
     * sync (default) or async: store the event, answer 202, run the handlers in the inbox workers.
     */
    private Mode mode = Mode.SYNC;

    /** The signing secrets; several are accepted at once during a rotation. */
    private List<String> secrets = new ArrayList<>();

    /** Standard Webhooks v1a: base64 Ed25519 public keys (raw 32 bytes or X.509 DER). */
    private List<String> publicKeys = new ArrayList<>();

    /** How far a signed timestamp may be from this server's clock, either way. Default 5m. */
    private Duration tolerance;

    /** The largest accepted body; larger ones are answered 413. Default 1MB. */
    private DataSize maxBodySize;

    /** Whether GET requests are activation challenges. Default: true for Lucca, else false. */
    private Boolean challenge;

    /** GitHub: also accept the legacy SHA-1 X-Hub-Signature when the SHA-256 one is absent. */
    private boolean legacySha1;

    /** The verifier of an Arta or custom endpoint. */
    private Verifier verifier = new Verifier();

    /** How a custom endpoint reads events from its JSON bodies. */
    private Reader reader = new Reader();

    /**
     * The framings accepted: provider, cloudevents-structured, cloudevents-batch,
     * cloudevents-binary. Default all but cloudevents-binary, whose ce-* headers must be signed (a
     * custom verifier's signed-content naming {header:ce-id}, {header:ce-source} and
     * {header:ce-type}) or trusted with trust-unsigned-headers.
     */
    private Set<Framing> framings = Framing.DEFAULTS;

    /**
     * Why CloudEvents binary mode may read ce-* headers the signature does not cover; logged as a
     * warning at startup. Unset (default): it may not.
     */
    private String trustUnsignedHeaders;

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public Provider getProvider() {
      return provider;
    }

    public Mode getMode() {
      return mode;
    }

    public void setMode(Mode mode) {
      this.mode = mode;
    }

    public void setProvider(Provider provider) {
      this.provider = provider;
    }

    public List<String> getSecrets() {
      return secrets;
    }

    public void setSecrets(List<String> secrets) {
      this.secrets = secrets;
    }

    public List<String> getPublicKeys() {
      return publicKeys;
    }

    public void setPublicKeys(List<String> publicKeys) {
      this.publicKeys = publicKeys;
    }

    public Duration getTolerance() {
      return tolerance;
    }

    public void setTolerance(Duration tolerance) {
      this.tolerance = tolerance;
    }

    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }

    public Boolean getChallenge() {
      return challenge;
    }

    public void setChallenge(Boolean challenge) {
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

    public Set<Framing> getFramings() {
      return framings;
    }

    public void setFramings(Set<Framing> framings) {
      this.framings = framings;
    }

    public String getTrustUnsignedHeaders() {
      return trustUnsignedHeaders;
    }

    public void setTrustUnsignedHeaders(String trustUnsignedHeaders) {
      this.trustUnsignedHeaders = trustUnsignedHeaders;
    }

    public Reader getReader() {
      return reader;
    }

    public void setReader(Reader reader) {
      this.reader = reader;
    }
  }

  /** A generic HMAC verifier, or the explicit choice of none, for Arta and custom endpoints. */
  public static class Verifier {

    /** hmac or unverified; required for Arta and custom endpoints. */
    private VerifierType type;

    /** Unverified only: why, recorded in the startup warning. */
    private String reason;

    /** The header holding the signature. */
    private String header;

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
    private String separator;

    /** The header holding the signed timestamp. */
    private String timestampHeader;

    /** How the timestamp is written. */
    private TimestampFormat timestampFormat = TimestampFormat.UNIX_SECONDS;

    /** The header holding the message id that {id} stands for. */
    private String idHeader;

    public VerifierType getType() {
      return type;
    }

    public void setType(VerifierType type) {
      this.type = type;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }

    public String getHeader() {
      return header;
    }

    public void setHeader(String header) {
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

    public String getSeparator() {
      return separator;
    }

    public void setSeparator(String separator) {
      this.separator = separator;
    }

    public String getTimestampHeader() {
      return timestampHeader;
    }

    public void setTimestampHeader(String timestampHeader) {
      this.timestampHeader = timestampHeader;
    }

    public TimestampFormat getTimestampFormat() {
      return timestampFormat;
    }

    public void setTimestampFormat(TimestampFormat timestampFormat) {
      this.timestampFormat = timestampFormat;
    }

    public String getIdHeader() {
      return idHeader;
    }

    public void setIdHeader(String idHeader) {
      this.idHeader = idHeader;
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

  /** The idempotency store shared by every endpoint. */
  public static class Idempotency {

    /** Which store: memory (the default) or jdbc (the application's DataSource). */
    private Store store = Store.MEMORY;

    /** JDBC store: the table name. */
    private String table = "hookline_idempotency";

    /** JDBC store: create the table at startup if it does not exist. */
    private boolean createTable;

    /** Memory store: the most keys remembered. */
    private int maxEntries = 100_000;

    /** How long an unfinished claim blocks its key. */
    private Duration lease = Duration.ofMinutes(1);

    /** How long a processed key is remembered. */
    private Duration retention = Duration.ofDays(7);

    public Store getStore() {
      return store;
    }

    public String getTable() {
      return table;
    }

    public void setTable(String table) {
      this.table = table;
    }

    public boolean isCreateTable() {
      return createTable;
    }

    public void setCreateTable(boolean createTable) {
      this.createTable = createTable;
    }

    public void setStore(Store store) {
      this.store = store;
    }

    public int getMaxEntries() {
      return maxEntries;
    }

    public void setMaxEntries(int maxEntries) {
      this.maxEntries = maxEntries;
    }

    public Duration getLease() {
      return lease;
    }

    public void setLease(Duration lease) {
      this.lease = lease;
    }

    public Duration getRetention() {
      return retention;
    }

    public void setRetention(Duration retention) {
      this.retention = retention;
    }
  }

  /** The inbox of asynchronous endpoints and the workers that drain it. */
  public static class InboxSettings {

    /** memory (default; not durable) or jdbc (a table per endpoint in the DataSource). */
    private Store store = Store.MEMORY;

    /** JDBC inbox: the table name prefix; the endpoint name is appended. */
    private String tablePrefix = "hookline_inbox_";

    /** JDBC inbox: create the tables at startup if they do not exist. */
    private boolean createTable;

    /** Worker threads per asynchronous endpoint. */
    private int workers = 2;

    /** Attempts before a message is dead. */
    private int maxAttempts = 8;

    /** The first retry delay, doubled per attempt. */
    private Duration initialBackoff = Duration.ofSeconds(1);

    /** The longest retry delay. */
    private Duration maxBackoff = Duration.ofMinutes(10);

    /** How long a taken message is reserved for one worker. */
    private Duration lease = Duration.ofMinutes(5);

    public Store getStore() {
      return store;
    }

    public void setStore(Store store) {
      this.store = store;
    }

    public String getTablePrefix() {
      return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }

    public boolean isCreateTable() {
      return createTable;
    }

    public void setCreateTable(boolean createTable) {
      this.createTable = createTable;
    }

    public int getWorkers() {
      return workers;
    }

    public void setWorkers(int workers) {
      this.workers = workers;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public Duration getLease() {
      return lease;
    }

    public void setLease(Duration lease) {
      this.lease = lease;
    }
  }

  /** The providers' management APIs, used to replay deliveries that did not arrive. */
  public static class Providers {

    /** Lucca's API (OAuth2 client credentials) and the replay of its failed deliveries. */
    private Lucca lucca = new Lucca();

    /** Arta's API (API key) and the replay of its failed deliveries. */
    private Arta arta = new Arta();

    public Lucca getLucca() {
      return lucca;
    }

    public void setLucca(Lucca lucca) {
      this.lucca = lucca;
    }

    public Arta getArta() {
      return arta;
    }

    public void setArta(Arta arta) {
      this.arta = arta;
    }
  }

  /** Lucca's API client and replay. */
  public static class Lucca {

    /** The API client; created when host and client-id are set. */
    private LuccaApi api = new LuccaApi();

    /** Replay of Lucca deliveries that did not succeed. */
    private Replay replay = new Replay();

    public LuccaApi getApi() {
      return api;
    }

    public void setApi(LuccaApi api) {
      this.api = api;
    }

    public Replay getReplay() {
      return replay;
    }

    public void setReplay(Replay replay) {
      this.replay = replay;
    }
  }

  /** Lucca's management API: the tenant host and OAuth2 client credentials. */
  public static class LuccaApi {

    /**
     * The tenant's API host, e.g. https://example.ilucca.net; with client-id, enables the client.
     */
    private URI host;

    /** The OAuth2 token endpoint. Default: Lucca's (accounts.world.luccasoftware.com). */
    private URI tokenUrl;

    /** The OAuth2 client id. */
    private String clientId;

    /** The OAuth2 client secret; never logged. */
    private String clientSecret;

    /** Space-separated OAuth2 scopes. Default: read and write webhook endpoints and deliveries. */
    private String scope;

    /** Time allowed for each API request. Default 10s. */
    private Duration timeout;

    public URI getHost() {
      return host;
    }

    public void setHost(URI host) {
      this.host = host;
    }

    public URI getTokenUrl() {
      return tokenUrl;
    }

    public void setTokenUrl(URI tokenUrl) {
      this.tokenUrl = tokenUrl;
    }

    public String getClientId() {
      return clientId;
    }

    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    public String getClientSecret() {
      return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
    }

    public String getScope() {
      return scope;
    }

    public void setScope(String scope) {
      this.scope = scope;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Arta's API client and replay. */
  public static class Arta {

    /** The API client; created when key is set. */
    private ArtaApi api = new ArtaApi();

    /** Replay of Arta deliveries that did not succeed. */
    private Replay replay = new Replay();

    public ArtaApi getApi() {
      return api;
    }

    public void setApi(ArtaApi api) {
      this.api = api;
    }

    public Replay getReplay() {
      return replay;
    }

    public void setReplay(Replay replay) {
      this.replay = replay;
    }
  }

  /** Arta's API: its host and an API key. */
  public static class ArtaApi {

    /** The API key; enables the client. Never logged. */
    private String key;

    /** The API host. Default https://api.arta.io. */
    private URI host;

    /** Time allowed for each API request. Default 10s. */
    private Duration timeout;

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }

    public URI getHost() {
      return host;
    }

    public void setHost(URI host) {
      this.host = host;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Where a provider's replayed events go, and the optional periodic catch-up. */
  public static class Replay {

    /**
     * The hookline.endpoints entry whose receiver (handlers, idempotency store) replays go through.
     * Default: the only endpoint of this provider; required when there are several.
     */
    private String endpoint;

    /** A periodic catch-up replaying what failed recently; off by default. */
    private Schedule schedule = new Schedule();

    public String getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    public Schedule getSchedule() {
      return schedule;
    }

    public void setSchedule(Schedule schedule) {
      this.schedule = schedule;
    }
  }

  /** A periodic replay of the deliveries that failed within the lookback. */
  public static class Schedule {

    /** Whether to replay periodically; the first run is one interval after startup. */
    private boolean enabled;

    /** Time between the end of one run and the start of the next. */
    private Duration interval = Duration.ofMinutes(15);

    /** How far back each run looks: it replays failed deliveries made since now minus this. */
    private Duration lookback = Duration.ofHours(6);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Duration getLookback() {
      return lookback;
    }

    public void setLookback(Duration lookback) {
      this.lookback = lookback;
    }
  }
}
