package dev.hookline.receiver.spring;

import dev.hookline.receiver.ReceiverListener;

/** Creates the observer of one endpoint, e.g. to tag metrics with its name. */
@FunctionalInterface
interface EndpointListenerFactory {

  ReceiverListener create(String endpoint);
}
