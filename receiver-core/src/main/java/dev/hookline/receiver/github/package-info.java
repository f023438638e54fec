/**
 * GitHub: the {@code X-Hub-Signature-256} scheme, the event reader keyed on {@code
 * X-GitHub-Delivery}, and the receiver preset.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.github;

import org.jspecify.annotations.NullMarked;
