package dev.hookline.receiver.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The JDBC secret vault on the application's DataSource, {@code hookline.vault.*}: setting {@code
 * current-key} turns it on, and then it gives the tenants' secrets of every endpoint whose path
 * names the tenant and lists no {@code tenants}.
 */
@ConfigurationProperties(prefix = "hookline.vault")
public class VaultProperties {

  /**
   * The key ring: each key id's AES-256 key, base64 of 32 bytes (hookline.vault.keys.<id>=…). Keep
   * every key a stored secret may still be encrypted under until JdbcSecretVault.reencrypt() has
   * run.
   */
  private Map<String, String> keys = new LinkedHashMap<>();

  /** The id of the key new secrets are encrypted under; setting it turns the vault on. */
  private @Nullable String currentKey;

  /** The vault's table name. */
  private String table = "hookline_secrets";

  /** Create the vault's table at startup if it does not exist. */
  private boolean createTable;

  /** How long a tenant's secrets are used before the vault is asked again. */
  private Duration cacheMaxAge = Duration.ofMinutes(1);

  public Map<String, String> getKeys() {
    return keys;
  }

  public void setKeys(Map<String, String> keys) {
    this.keys = keys;
  }

  public @Nullable String getCurrentKey() {
    return currentKey;
  }

  public void setCurrentKey(@Nullable String currentKey) {
    this.currentKey = currentKey;
  }

  public String getTable() {
    return table;
  }

  public void setTable(String table) {
    this.table = table;
  }

  public boolean isCreateTable() {
    return createTable;
  }

  public void setCreateTable(boolean createTable) {
    this.createTable = createTable;
  }

  public Duration getCacheMaxAge() {
    return cacheMaxAge;
  }

  public void setCacheMaxAge(Duration cacheMaxAge) {
    this.cacheMaxAge = cacheMaxAge;
  }
}
