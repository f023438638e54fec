package dev.hookline.receiver.test.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.test.LiveWebhooks;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

@SpringBootTest(
    classes = SpringTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hookline.endpoints.lucca.path=/webhooks/lucca",
      "hookline.endpoints.lucca.provider=lucca",
      "hookline.endpoints.lucca.secrets=" + SpringHelpersTest.SECRET
    })
class SpringHelpersTest {

  static final String SECRET = "spring-kit-secret";

  @Value("${local.server.port}")
  int port;

  @Autowired WebApplicationContext context;

  @Autowired SpringTestApplication.Directory directory;

  private static SignedRequests employee() {
    return SignedRequests.lucca(SECRET)
        .event(LuccaFixtures.employeeUpdated().id(UUID.randomUUID().toString()));
  }

  @Test
  void mockMvcRequestBuilderSignsTheDelivery() throws Exception {
    MockMvc mockMvc = WebhookMockMvc.mockMvc(context);

    mockMvc
        .perform(WebhookMockMvc.webhook("/webhooks/lucca").signedFor(employee()))
        .andExpect(status().isOk());
    mockMvc
        .perform(
            WebhookMockMvc.webhook("/webhooks/lucca")
                .signedFor(SignedRequests.lucca(SECRET))
                .event(LuccaFixtures.employeeUpdated().id("mvc-" + UUID.randomUUID())))
        .andExpect(status().isOk());
    mockMvc
        .perform(WebhookMockMvc.webhook("/webhooks/lucca").signedFor(employee().tampered()))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void livePortHelperPostsOverHttp() {
    HttpResponse<String> ok = LiveWebhooks.localhost(port).post(employee());
    HttpResponse<String> stale = LiveWebhooks.localhost(port).post(employee().withOldTimestamp());

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(stale.body()).contains("TIMESTAMP_OUT_OF_WINDOW");
  }

  @Test
  void inProcessTesterReportsListenerOutcomes() {
    SpringReceiverTester.given(context, "lucca")
        .when(employee())
        .then()
        .status(200)
        .handled("employee.updated");
    SpringReceiverTester.given(context, "lucca")
        .when(
            SignedRequests.lucca(SECRET)
                .event(LuccaFixtures.employeeDeleted().id(UUID.randomUUID().toString())))
        .then()
        .status(503)
        .failed("employee.deleted");
    assertThat(directory.names).contains("Edward");
  }
}
