/**
 * Helpers that Hookline's own modules share and that are not part of its API: they are public only
 * so that other packages and modules can reach them, may change in any release, and are left out of
 * the Javadoc.
 */
@NullMarked
package dev.hookline.receiver.internal;

import org.jspecify.annotations.NullMarked;
