package dev.hookline.receiver.lucca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A link to another Lucca resource.
 *
 * @param id the resource id
 * @param type the resource type, e.g. {@code employment}
 * @param url the resource's API URL
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Reference(String id, String type, String url) {}
