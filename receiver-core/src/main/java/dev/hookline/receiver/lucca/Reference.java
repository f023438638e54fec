package dev.hookline.receiver.lucca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A link to another Lucca resource. A field Lucca leaves out is null.
 *
 * @param id the resource id
 * @param type the resource type, e.g. {@code employment}
 * @param url the resource's API URL
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Reference(@Nullable String id, @Nullable String type, @Nullable String url) {}
