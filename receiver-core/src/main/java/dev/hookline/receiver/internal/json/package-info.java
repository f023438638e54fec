/**
 * Strict JSON helpers the event readers share (bounded ids and topics, failures naming the field,
 * the JSON a form carries): not API, public only so that the provider packages can reach them, left
 * out of the Javadoc.
 */
@NullMarked
package dev.hookline.receiver.internal.json;

import org.jspecify.annotations.NullMarked;
