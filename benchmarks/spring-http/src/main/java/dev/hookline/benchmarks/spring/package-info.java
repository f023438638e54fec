/**
 * The Spring pair of the HTTP benchmark: {@link dev.hookline.benchmarks.spring.SpringServer} starts
 * either the plain Spring MVC controller or the Hookline starter on Tomcat, each with the
 * benchmark's counters.
 */
@NullMarked
package dev.hookline.benchmarks.spring;

import org.jspecify.annotations.NullMarked;
