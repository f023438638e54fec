package dev.hookline.receiver.provider;

import dev.hookline.receiver.core.RetryStatuses;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.Framing;
import dev.hookline.receiver.event.OrderingKey;
import dev.hookline.receiver.signature.SignatureScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What Hookline knows of one sender, as one immutable value: its id (also the default endpoint
 * name, which namespaces idempotency keys), its signature scheme, its reader (framings, topic, id
 * and key rules), whether it sends an activation challenge, and the statuses that make it retry.
 * {@code WebhookReceiver.builder().provider(p)} applies it; the registry ({@code
 * dev.hookline.receiver.registry.ProviderRegistry}) finds it by id for configuration and the
 * command line.
 *
 * <pre>{@code
 * Provider acme = Provider.builder("acme")
 *     .scheme(HmacSignature.builder().signatureHeader("X-Acme-Signature").scheme())
 *     .reader(JsonEventReader.of("acme", "type", "id", "data"))
 *     .build();
 * }</pre>
 */
public final class Provider {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final String id;
  private final List<String> aliases;
  private final @Nullable SignatureScheme scheme;
  private final EventReader reader;
  private final Set<Framing> framings;
  private final boolean challenge;
  private final RetryStatuses retryStatuses;
  private final OrderingKey orderingKey;

  @SuppressWarnings("NullAway") // build() checked that the reader is set
  private Provider(Builder builder) {
    this.id = builder.id;
    this.aliases = List.copyOf(builder.aliases);
    this.scheme = builder.scheme;
    this.reader = builder.reader;
    this.framings = builder.framings;
    this.challenge = builder.challenge;
    this.retryStatuses = builder.retryStatuses;
    this.orderingKey = builder.orderingKey;
  }

  /**
   * Starts a provider.
   *
   * @param id lower-case letters, digits, {@code .}, {@code _} and {@code -}, at most 64
   * @throws WebhookConfigurationException if the id is not of that form
   */
  public static Builder builder(String id) {
    return new Builder(checkedId(id));
  }

  /** The id, e.g. {@code lucca}: the endpoint name of a receiver built from this provider. */
  public String id() {
    return id;
  }

  /** Other ids that name this provider, e.g. {@code svix} for Standard Webhooks. */
  public List<String> aliases() {
    return aliases;
  }

  /**
   * The sender's signature scheme; empty for a sender that documents none (Arta), whose endpoints
   * choose a verifier themselves.
   */
  public Optional<SignatureScheme> scheme() {
    return Optional.ofNullable(scheme);
  }

  /** Reads the sender's events from verified requests. */
  public EventReader reader() {
    return reader;
  }

  /** The framings a request may choose among. */
  public Set<Framing> framings() {
    return framings;
  }

  /**
   * Whether the sender validates the endpoint with an unsigned {@code GET} activation challenge
   * (Lucca's {@code ?echo=}). A handshake inside a signed request, such as Slack's {@code
   * url_verification}, is the reader's (see {@link EventReader#handshake}) and needs no flag.
   */
  public boolean challenge() {
    return challenge;
  }

  /** The statuses answered for outcomes the sender should retry. */
  public RetryStatuses retryStatuses() {
    return retryStatuses;
  }

  /** Which entity an event is about: see {@link OrderingKey}. */
  public OrderingKey orderingKey() {
    return orderingKey;
  }

  /** Whether {@code name} is this provider's id or one of its aliases, ignoring case. */
  public boolean answersTo(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return id.equals(lower) || aliases.contains(lower);
  }

  @Override
  public String toString() {
    return "Provider[" + id + "]";
  }

  private static String checkedId(String id) {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new WebhookConfigurationException(
          "a provider id must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting"
              + " with a letter or digit, but was \""
              + id
              + "\"");
    }
    return id;
  }

  /** Collects a provider's parts; not thread-safe. */
  public static final class Builder {
    private final String id;
    private final List<String> aliases = new ArrayList<>();
    private @Nullable SignatureScheme scheme;
    private @Nullable EventReader reader;
    private Set<Framing> framings = Framing.DEFAULTS;
    private boolean challenge;
    private RetryStatuses retryStatuses = RetryStatuses.standard();
    private OrderingKey orderingKey = OrderingKey.NONE;

    private Builder(String id) {
      this.id = id;
    }

    /** Another id that names the provider; same form as the id. */
    public Builder alias(String alias) {
      aliases.add(checkedId(alias));
      return this;
    }

    /** The signature scheme; leave unset for a sender that documents none. */
    public Builder scheme(SignatureScheme scheme) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      return this;
    }

    /** The reader; required. */
    public Builder reader(EventReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /** The framings a request may choose among; default {@link Framing#DEFAULTS}. */
    public Builder framings(Set<Framing> framings) {
      this.framings = Set.copyOf(framings);
      return this;
    }

    /** Whether the sender sends an unsigned {@code GET} activation challenge; default false. */
    public Builder challenge(boolean challenge) {
      this.challenge = challenge;
      return this;
    }

    /** The statuses for outcomes to retry; default {@link RetryStatuses#standard()}. */
    public Builder retryStatuses(RetryStatuses retryStatuses) {
      this.retryStatuses = Objects.requireNonNull(retryStatuses, "retryStatuses");
      return this;
    }

    /**
     * Which entity an event is about, for asynchronous receivers to run one entity's events in
     * order; default {@link OrderingKey#NONE}.
     */
    public Builder orderingKey(OrderingKey orderingKey) {
      this.orderingKey = Objects.requireNonNull(orderingKey, "orderingKey");
      return this;
    }

    /**
     * Returns the provider.
     *
     * @throws WebhookConfigurationException if no reader is set
     */
    public Provider build() {
      if (reader == null) {
        throw new WebhookConfigurationException("provider " + id + " needs a reader");
      }
      return new Provider(this);
    }
  }
}
