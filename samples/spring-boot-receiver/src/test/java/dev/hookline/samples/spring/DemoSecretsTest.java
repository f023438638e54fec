package dev.hookline.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.spring.autoconfigure.EndpointProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Demo secrets are announced; configured secrets never are. */
class DemoSecretsTest {

  @Test
  void warnsOnlyAboutEndpointsOnTheirDemoSecretAndPrintsNoOtherSecret() {
    HooklineProperties properties = new HooklineProperties();
    properties.getEndpoints().put("lucca", endpoint("/webhooks/lucca", DemoSecrets.LUCCA));
    properties.getEndpoints().put("github", endpoint("/webhooks/github", "real-github-secret"));

    List<String> warnings = new DemoSecrets(properties).warnings();

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .startsWith("*** LUCCA_WEBHOOK_SECRET is not set: /webhooks/lucca")
        .contains(DemoSecrets.LUCCA);
    assertThat(String.join("\n", warnings)).doesNotContain("real-github-secret");
  }

  @Test
  void warnsAboutEachTenantOnItsDemoSecretAtItsOwnPath() {
    HooklineProperties properties = new HooklineProperties();
    EndpointProperties tenants = new EndpointProperties();
    tenants.setPath("/webhooks/lucca/{tenant}");
    tenants.getTenants().put("acme", tenant(DemoSecrets.LUCCA_ACME));
    tenants.getTenants().put("globex", tenant("real-globex-secret"));
    properties.getEndpoints().put("lucca-tenants", tenants);

    List<String> warnings = new DemoSecrets(properties).warnings();

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .startsWith("*** LUCCA_TENANT_ACME_SECRET is not set: /webhooks/lucca/acme accepts")
        .contains(DemoSecrets.LUCCA_ACME);
    assertThat(String.join("\n", warnings)).doesNotContain("real-globex-secret");
  }

  private static EndpointProperties.Tenant tenant(String secret) {
    EndpointProperties.Tenant tenant = new EndpointProperties.Tenant();
    tenant.setSecrets(List.of(secret));
    return tenant;
  }

  private static EndpointProperties endpoint(String path, String secret) {
    EndpointProperties endpoint = new EndpointProperties();
    endpoint.setPath(path);
    endpoint.setSecrets(List.of(secret));
    return endpoint;
  }
}
