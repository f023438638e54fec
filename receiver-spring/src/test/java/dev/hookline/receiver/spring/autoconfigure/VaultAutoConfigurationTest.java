package dev.hookline.receiver.spring.autoconfigure;

import static dev.hookline.receiver.spring.StartupFailures.configurationFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.jdbc.JdbcSecretVault;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.spring.observability.HooklineObservabilityAutoConfiguration;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code hookline.vault.*}: tenants' secrets from the JDBC vault on the application's DataSource.
 */
class VaultAutoConfigurationTest {

  private static final String KEY = key(32);

  private final DataSource dataSource = h2();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HooklineAutoConfiguration.class, HooklineObservabilityAutoConfiguration.class))
          .withBean(DataSource.class, () -> dataSource)
          .withPropertyValues(
              "hookline.endpoints.customers.path=/webhooks/lucca/{tenant}",
              "hookline.endpoints.customers.provider=lucca",
              "hookline.vault.create-table=true");

  private static String key(int bytes) {
    byte[] key = new byte[bytes];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static DataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:vault-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  private static int status(WebhookReceiver receiver, String secret, String tenant) {
    SignedRequests signed =
        SignedRequests.lucca(secret)
            .event(LuccaFixtures.employeeUpdated().id("e-" + UUID.randomUUID()))
            .path("/webhooks/lucca/" + tenant);
    WebhookRequest.Builder request =
        WebhookRequest.builder().method("POST").path(signed.path()).tenant(tenant);
    signed.headers().forEach(request::header);
    return receiver.receive(request.body(signed.body()).build()).status();
  }

  @Test
  void theVaultOnTheApplicationsDataSourceGivesEachTenantsSecrets() {
    runner
        .withPropertyValues(
            "hookline.vault.keys.2026-01=" + KEY, "hookline.vault.current-key=2026-01")
        .run(
            context -> {
              JdbcSecretVault vault = context.getBean(JdbcSecretVault.class);
              vault.add("customers", "acme", "acme-secret");
              vault.add("customers", "globex", "globex-secret");
              WebhookReceiver receiver =
                  context.getBean(HooklineReceivers.class).receiver("customers").orElseThrow();

              assertThat(context.getBean(SecretSource.class)).isNotSameAs(vault);
              assertThat(status(receiver, "acme-secret", "acme")).isEqualTo(200);
              assertThat(status(receiver, "globex-secret", "globex")).isEqualTo(200);
              assertThat(status(receiver, "acme-secret", "globex")).isEqualTo(401);
              assertThat(status(receiver, "acme-secret", "initech")).isEqualTo(401);
            });
  }

  @Test
  void withoutACurrentKeyThereIsNoVault() {
    runner
        .withPropertyValues(
            "hookline.endpoints.customers.tenants.acme.secrets[0]=s",
            "hookline.vault.keys.k1=" + KEY)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcSecretVault.class));
  }

  @Test
  void aKeyOfTheWrongLengthFailsStartupWithoutBeingEchoed() {
    String shortKey = key(16);
    runner
        .withPropertyValues("hookline.vault.keys.k1=" + shortKey, "hookline.vault.current-key=k1")
        .run(
            context -> {
              WebhookConfigurationException failure = configurationFailure(context);
              assertThat(failure.setting()).contains("hookline.vault");
              assertThat(failure)
                  .hasMessage(
                      "hookline.vault: key k1 must be base64 of 32 bytes (AES-256), but decodes to"
                          + " 16 bytes")
                  .hasMessageNotContaining(shortKey);
            });
    runner
        .withPropertyValues(
            "hookline.vault.keys.k1=" + KEY,
            "hookline.vault.current-key=k1",
            "hookline.vault.cache-max-age=0s")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.vault.cache-max-age: maxAge must be positive, but was PT0S"));
  }
}
