package dev.hookline.receiver.spring.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The Kafka inbox of {@code hookline.inbox.type=kafka}, {@code hookline.inbox.kafka.*}. */
@ConfigurationProperties(prefix = "hookline.inbox.kafka")
public class KafkaInboxProperties {

  /**
   * The cluster, host:port pairs separated by commas. Unset: spring.kafka.bootstrap-servers, the
   * application's own Kafka setting.
   */
  private @Nullable String bootstrapServers;

  /**
   * The topic of each asynchronous endpoint is this prefix and the endpoint's name; its dead
   * letters go to that topic and .dead (create both, the second compacted, or let the broker create
   * them).
   */
  private String topicPrefix = "hookline.";

  /** The consumer group every instance's workers join. */
  private String groupId = "hookline-inbox";

  /** How long an accept waits for the broker's acknowledgement before answering 503. */
  private Duration acceptTimeout = Duration.ofSeconds(5);

  public @Nullable String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(@Nullable String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public String getTopicPrefix() {
    return topicPrefix;
  }

  public void setTopicPrefix(String topicPrefix) {
    this.topicPrefix = topicPrefix;
  }

  public String getGroupId() {
    return groupId;
  }

  public void setGroupId(String groupId) {
    this.groupId = groupId;
  }

  public Duration getAcceptTimeout() {
    return acceptTimeout;
  }

  public void setAcceptTimeout(Duration acceptTimeout) {
    this.acceptTimeout = acceptTimeout;
  }
}
