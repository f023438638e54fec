/**
 * Server-side parts shared by every server of the HTTP benchmark (the Jetty servers of the
 * benchmarks jar and the Spring Boot servers of benchmarks/spring-http): the counts the driver
 * reads before and after each round, and the floor's verification.
 */
package dev.hookline.benchmarks.server;
