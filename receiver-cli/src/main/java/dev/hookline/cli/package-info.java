/**
 * The {@code hookline} command line: {@code send} signs a fixture or file and posts it to a
 * receiver, {@code sign} prints the headers for a body, {@code verify} checks captured headers and
 * explains why a signature does not match, {@code fixtures} lists the ready payloads. Built on
 * picocli over the test kit's signers and fixtures and the core verifiers. Not a library: nothing
 * here is API. Non-null by default.
 */
package dev.hookline.cli;
