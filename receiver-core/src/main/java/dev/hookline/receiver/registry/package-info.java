/**
 * The registry of providers: the built-ins, what the application registers, and what plugins
 * contribute when the application installs them.
 */
@NullMarked
package dev.hookline.receiver.registry;

import org.jspecify.annotations.NullMarked;
