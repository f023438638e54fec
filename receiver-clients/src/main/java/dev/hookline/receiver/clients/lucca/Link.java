package dev.hookline.receiver.clients.lucca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A hypermedia link of a Lucca resource, e.g. {@code links.next} or {@code links.retry}.
 *
 * @param href the target, absolute or relative to the resource, followed as given
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Link(String href) {}
