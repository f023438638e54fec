/**
 * Spring helpers of the test kit: a MockMvc request builder for signed deliveries ({@link
 * dev.hookline.receiver.test.spring.WebhookMockMvc}) and an in-process tester of the starter's
 * endpoints ({@link dev.hookline.receiver.test.spring.SpringReceiverTester}, with the {@link
 * dev.hookline.receiver.test.spring.HooklineTestConfiguration} recording listener). Needs {@code
 * spring-test} and the Hookline starter on the test classpath; core users never load this package.
 * Works on Spring Boot 3.5 and 4.x. Non-null by default.
 */
@NullMarked
package dev.hookline.receiver.test.spring;

import org.jspecify.annotations.NullMarked;
