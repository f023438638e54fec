package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.util.Base64;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vault's configuration and arguments, checked before any connection: every mistake is a {@link
 * WebhookConfigurationException} whose message names the rule and never a key or a secret.
 */
class JdbcSecretVaultBuilderTest {

  private static final String KEY = JdbcSecretVaultContract.randomKey();

  /** A data source that fails every connection: nothing here may connect. */
  private static final DataSource NO_DATABASE = H2Databases.refusing();

  private static JdbcSecretVault.Builder builder() {
    return JdbcSecretVault.builder(NO_DATABASE).dialect(Dialect.H2);
  }

  private static JdbcSecretVault vault() {
    return builder().key("k1", KEY).currentKey("k1").build();
  }

  @Test
  void aKeyOfSixteenBytesIsRejectedWithoutBeingEchoed() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> builder().key("k1", shortKey).currentKey("k1").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("key k1 must be base64 of 32 bytes (AES-256), but decodes to 16 bytes")
        .hasNoCause();
  }

  @Test
  void aKeyThatIsNotBase64IsRejectedWithoutBeingEchoed() {
    String notBase64 = "not*base64*" + KEY;

    assertThatThrownBy(() -> builder().key("k1", notBase64).currentKey("k1").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("key k1 must be base64, but is not")
        .hasNoCause();
  }

  @Test
  void theCurrentKeyMustBeSetAndAmongTheKeys() {
    assertThatThrownBy(() -> builder().key("k1", KEY).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("currentKey must be set to one of the key ids");
    assertThatThrownBy(() -> builder().key("k1", KEY).currentKey("k2").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("currentKey must be one of the key ids [k1], but was \"k2\"");
    assertThatThrownBy(() -> builder().currentKey("k1").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("the vault needs at least one key");
  }

  @Test
  void aKeyIdMustBeAPlainIdentifier() {
    assertThatThrownBy(() -> builder().key("k 1", KEY).currentKey("k 1").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "key id must be 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter"
                + " or a digit, but was \"k 1\"");
  }

  @Test
  void theBatchSizeMustBePositive() {
    assertThatThrownBy(
            () -> builder().key("k1", KEY).currentKey("k1").reencryptBatchSize(0).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("reencryptBatchSize must be positive, but was 0");
  }

  @Test
  void theTableNameMustBeAPlainIdentifier() {
    assertThatThrownBy(
            () -> builder().key("k1", KEY).currentKey("k1").tableName("secrets;drop").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageContaining("but was \"secrets;drop\"");
  }

  @Test
  void aBlankOrOversizedSecretIsRejectedWithoutBeingEchoed() {
    JdbcSecretVault vault = vault();
    String oversized = "x".repeat(JdbcSecretVault.MAX_SECRET_BYTES + 1);

    assertThatThrownBy(() -> vault.add("lucca", "acme", " \t"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret of tenant acme of endpoint lucca is empty or blank");
    assertThatThrownBy(() -> vault.add("lucca", "acme", oversized))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "secret must be at most 1024 UTF-8 bytes, but the one of tenant acme of endpoint lucca"
                + " is 1025");
  }

  @Test
  void anInvalidTenantOrEndpointIsRejected() {
    JdbcSecretVault vault = vault();

    assertThatThrownBy(() -> vault.add("lucca", "../acme", "secret"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageStartingWith("tenant id must be ")
        .hasMessageEndingWith(", but was \"../acme\"");
    assertThatThrownBy(() -> vault.add(" ", "acme", "secret"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("endpoint must be 1 to 128 characters, not blank, but was \" \"");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void eachDialectShipsTheVaultsDdl(Dialect dialect) {
    assertThat(dialect.secretsDdlResource())
        .isEqualTo("/dev/hookline/receiver/jdbc/secrets-" + dialect.name().toLowerCase() + ".sql");
    assertThat(dialect.secretsDdl("app.tenant_secrets"))
        .singleElement()
        .asString()
        .startsWith("CREATE TABLE IF NOT EXISTS app.tenant_secrets (")
        .contains("ciphertext", "PRIMARY KEY (endpoint, tenant, secret_id)");
  }
}
