package dev.hookline.receiver.test.spring;

import dev.hookline.receiver.test.RecordingListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers a {@link RecordingListener} bean, which the Hookline starter adds to every endpoint;
 * {@code @Import} it into a test for {@link SpringReceiverTester}.
 */
@Configuration(proxyBeanMethods = false)
public class HooklineTestConfiguration {

  /** Created by Spring. */
  public HooklineTestConfiguration() {}

  /** The listener recording every endpoint's outcomes. */
  @Bean
  public RecordingListener hooklineRecordingListener() {
    return new RecordingListener();
  }
}
