/**
 * The {@code hookline} command line: {@code send} signs a fixture or file and posts it to a
 * receiver, {@code sign} prints the headers for a body, {@code verify} checks captured headers and
 * explains why a signature does not match, {@code fixtures} lists the ready payloads, {@code lucca
 * endpoint create|list} calls Lucca's API (printing a new endpoint's secret once, or storing it in
 * the JDBC secret vault), {@code replay lucca|arta} POSTs the events a provider failed to deliver
 * to the application again. {@code --provider} names a provider of the core's registry, built-ins
 * and installed plugins, whose signature scheme both signs and verifies. Built on picocli over
 * receiver-fixtures' payloads and signed requests, the core and the provider API clients. Not a
 * library: nothing here is API. Non-null by default.
 */
@NullMarked
package dev.hookline.cli;

import org.jspecify.annotations.NullMarked;
