package dev.hookline.receiver.test.spring;

import static dev.hookline.receiver.test.spring.WebhookMockMvc.webhook;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.web.context.WebApplicationContext;

/** The Spring example of the README section "Testing your handlers"; keep the two in sync. */
@SpringBootTest(
    classes = SpringTestApplication.class,
    properties = {
      "hookline.endpoints.lucca.path=/webhooks/lucca",
      "hookline.endpoints.lucca.provider=lucca",
      "hookline.endpoints.lucca.secrets=test-secret"
    })
@Import(HooklineTestConfiguration.class)
class ReadmeSpringExampleTest {

  @Autowired WebApplicationContext context;

  @Test
  void listenerRunsForASignedDeliveryAndForgeriesAreRejected() throws Exception {
    var mockMvc = WebhookMockMvc.mockMvc(context);
    var lucca =
        SignedRequests.lucca("test-secret").event(LuccaFixtures.employeeUpdated().id("readme-1"));

    mockMvc.perform(webhook("/webhooks/lucca").signedFor(lucca)).andExpect(status().isOk());
    mockMvc
        .perform(webhook("/webhooks/lucca").signedFor(lucca.withoutSignature()))
        .andExpect(status().isUnauthorized());
    SpringReceiverTester.given(context, "lucca")
        .when(lucca)
        .then()
        .status(200)
        .duplicate("employee.updated");
  }
}
