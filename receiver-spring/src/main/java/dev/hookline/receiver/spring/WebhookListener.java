package dev.hookline.receiver.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as a handler of an endpoint's events. Parameters are resolved by type and
 * annotation: {@code WebhookEvent}, {@code PreviousAttributes}, {@code @Previous T} (the previous
 * values bound to {@code T}), {@code @WebhookHeader("name") String}, {@code @WebhookTenant String}
 * (the tenant of an endpoint whose path names it), {@code byte[]} (the raw body), {@code JsonNode}
 * (the data tree), {@code Headers}, and any other class, which receives the event data bound to it.
 * A method that throws makes the delivery fail with 500, so the sender retries; every listener
 * matching a topic runs (exact topics first, then prefixes, then {@code *}), even when one of them
 * throws.
 *
 * <pre>{@code
 * @WebhookListener(endpoint = "lucca", topic = "employee.updated")
 * void onUpdate(Employee employee, @Previous Employee before) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebhookListener {

  /** The endpoint name, as in {@code hookline.endpoints.<name>}. */
  String endpoint();

  /** The topic pattern: an exact topic, a prefix such as {@code employee.*}, or {@code *}. */
  String topic() default "*";
}
