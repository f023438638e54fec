/** The Hookline starter's receiver: one {@code @WebhookListener} method binding the employee. */
@NullMarked
package dev.hookline.benchmarks.spring.starter;

import org.jspecify.annotations.NullMarked;
