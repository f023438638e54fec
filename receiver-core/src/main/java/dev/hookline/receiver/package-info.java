/**
 * Hookline receives webhooks: it verifies the sender's signature over the raw body, reads typed
 * events, drops duplicate deliveries and runs the matching handlers, answering every outcome with
 * the status the sender expects.
 *
 * <pre>{@code
 * WebhookReceiver receiver = Lucca.receiver(System.getenv("LUCCA_WEBHOOK_SECRET"))
 *     .on(LuccaTopics.EMPLOYEE_UPDATED, Employee.class, (employee, event) -> {
 *       if (event.changed("givenName")) {
 *         String before = event.previous(Employee.class).givenName();
 *         rename(employee.id(), before, employee.givenName());
 *       }
 *     })
 *     .build();
 *
 * WebhookResponse response = receiver.receive(request); // adapters build the request
 * }</pre>
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver;

import org.jspecify.annotations.NullMarked;
