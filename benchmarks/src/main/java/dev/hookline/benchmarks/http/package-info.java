/**
 * The HTTP benchmark: {@link dev.hookline.benchmarks.http.HttpBenchmark} starts the servers of
 * {@link dev.hookline.benchmarks.http.JettyServer} (and those of benchmarks/spring-http) side by
 * side, each in its own JVM, and loads them in interleaved rounds with wrk.
 */
package dev.hookline.benchmarks.http;
