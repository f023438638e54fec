package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.ReceiverListener;

/**
 * Creates the observer of one endpoint, e.g. to tag metrics with its name. Every bean of this type
 * observes each endpoint, as every {@link ReceiverListener} bean does.
 */
@FunctionalInterface
public interface EndpointListenerFactory {

  /** The observer of the named endpoint. */
  ReceiverListener create(String endpoint);
}
