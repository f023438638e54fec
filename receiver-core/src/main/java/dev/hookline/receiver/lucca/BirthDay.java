package dev.hookline.receiver.lucca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A birthday without its year, as Lucca exposes it.
 *
 * @param day day of month, 1–31 (null when unknown)
 * @param month month, 1–12 (null when unknown)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BirthDay(@Nullable Integer day, @Nullable Integer month) {}
