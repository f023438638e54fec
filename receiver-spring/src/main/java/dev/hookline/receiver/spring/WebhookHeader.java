package dev.hookline.receiver.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code String} {@link WebhookListener} parameter: the first value of the request header, or
 * null when absent.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebhookHeader {

  /** The header name, case-insensitive, e.g. {@code X-GitHub-Event}. */
  String value();
}
