/**
 * Lucca, the HR platform: its signature scheme, event reader, receiver preset, topic names and the
 * {@link dev.hookline.receiver.lucca.Employee} model.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.lucca;

import org.jspecify.annotations.NullMarked;
