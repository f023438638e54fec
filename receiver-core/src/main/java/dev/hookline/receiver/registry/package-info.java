/**
 * The registry of providers: the built-ins, what the application registers, and what plugins
 * contribute when the application installs them.
 */
package dev.hookline.receiver.registry;
