/** The plain Spring MVC receiver: a controller that reads the body, checks the HMAC and parses. */
@NullMarked
package dev.hookline.benchmarks.spring.plain;

import org.jspecify.annotations.NullMarked;
