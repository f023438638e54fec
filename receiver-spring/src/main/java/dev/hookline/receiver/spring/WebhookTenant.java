package dev.hookline.receiver.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code String} {@link WebhookListener} parameter: the tenant whose secrets verified the
 * event, the last segment of an endpoint path such as {@code /webhooks/lucca/{tenant}} (see {@code
 * WebhookEvent.tenant()}); null for an endpoint whose path names no tenant.
 *
 * <pre>{@code
 * @WebhookListener(endpoint = "lucca-customers", topic = "employee.updated")
 * void onUpdate(@WebhookTenant String customer, Employee employee) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebhookTenant {}
