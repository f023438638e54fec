package dev.hookline.cli;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.internal.TenantIds;
import dev.hookline.receiver.jdbc.JdbcSecretVault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where {@code lucca endpoint create} stores the new secret instead of printing it: a {@link
 * JdbcSecretVault} reached through a JDBC driver on the class path. The vault key and the database
 * password come from environment variables or files, never from the command line, so that they do
 * not land in the shell's history.
 */
final class VaultOptions {

  /** The environment variable holding the vault key, when no key file is given. */
  static final String KEY_VARIABLE = "HOOKLINE_VAULT_KEY";

  /** The environment variable holding the database password, when no password file is given. */
  static final String PASSWORD_VARIABLE = "HOOKLINE_VAULT_PASSWORD";

  @SuppressWarnings("NullAway.Init") // a required option of the group: picocli sets it
  @Option(
      names = "--vault-url",
      required = true,
      paramLabel = "JDBC_URL",
      description =
          "Store the secret in the JDBC secret vault of this database instead of printing it."
              + " The driver is yours: java -cp hookline.jar:DRIVER.jar"
              + " dev.hookline.cli.HooklineCommand lucca endpoint create …")
  String url;

  @Option(names = "--vault-user", paramLabel = "USER", description = "The database user.")
  @Nullable String user;

  @Option(
      names = "--vault-password-file",
      paramLabel = "FILE",
      description = "A file holding the database password; default: $" + PASSWORD_VARIABLE + ".")
  @Nullable Path passwordFile;

  @SuppressWarnings("NullAway.Init") // a required option of the group: picocli sets it
  @Option(
      names = "--vault-key-id",
      required = true,
      paramLabel = "ID",
      description = "The id of the key the secret is encrypted under (the vault's current key).")
  String keyId;

  @Option(
      names = "--vault-key-file",
      paramLabel = "FILE",
      description = "A file holding the key, base64 of 32 bytes; default: $" + KEY_VARIABLE + ".")
  @Nullable Path keyFile;

  @SuppressWarnings("NullAway.Init") // a required option of the group: picocli sets it
  @Option(
      names = "--vault-endpoint",
      required = true,
      paramLabel = "NAME",
      description = "The receiver's endpoint name the secret is stored under, e.g. lucca.")
  String endpoint;

  @SuppressWarnings("NullAway.Init") // a required option of the group: picocli sets it
  @Option(
      names = "--vault-tenant",
      required = true,
      paramLabel = "TENANT",
      description = "The tenant the secret is stored for, as its path names it.")
  String tenant;

  @SuppressWarnings("NullAway.Init") // picocli sets it, to its default when not given
  @Option(
      names = "--vault-table",
      paramLabel = "NAME",
      defaultValue = JdbcSecretVault.DEFAULT_TABLE_NAME,
      description = "The vault's table; default " + JdbcSecretVault.DEFAULT_TABLE_NAME + ".")
  String table;

  /**
   * The vault, checked to be reachable and its table readable, so that a mistake fails before the
   * endpoint is created: a bad option is a usage error, a database that fails a {@link
   * dev.hookline.receiver.jdbc.SecretVaultException}.
   */
  JdbcSecretVault vault(CommandLine cmd) {
    if (!TenantIds.isValid(tenant)) {
      throw new CommandLine.ParameterException(
          cmd, "--vault-tenant must be " + TenantIds.RULE + ", but was '" + tenant + "'");
    }
    if (endpoint.isBlank() || endpoint.length() > JdbcSecretVault.MAX_ENDPOINT_LENGTH) {
      throw new CommandLine.ParameterException(
          cmd,
          "--vault-endpoint must be 1 to "
              + JdbcSecretVault.MAX_ENDPOINT_LENGTH
              + " characters, not blank");
    }
    try {
      DriverManager.getDriver(url);
    } catch (SQLException e) {
      // Only the scheme: the rest of a JDBC URL may hold a password.
      throw new CommandLine.ParameterException(
          cmd,
          "No JDBC driver on the class path accepts --vault-url "
              + scheme(url)
              + ":…; put the driver's jar beside hookline.jar: java -cp hookline.jar:DRIVER.jar"
              + " dev.hookline.cli.HooklineCommand …");
    }
    String key = read(cmd, keyFile, "--vault-key-file", KEY_VARIABLE);
    if (key == null) {
      throw new CommandLine.ParameterException(
          cmd, "--vault-url needs the key in --vault-key-file or $" + KEY_VARIABLE);
    }
    JdbcSecretVault vault;
    try {
      vault =
          JdbcSecretVault.builder(
                  new DriverDataSource(
                      url,
                      user,
                      read(cmd, passwordFile, "--vault-password-file", PASSWORD_VARIABLE)))
              .tableName(table)
              .key(keyId, key)
              .currentKey(keyId)
              .build();
    } catch (WebhookConfigurationException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
    vault.tenants(endpoint);
    return vault;
  }

  /** The file's text, stripped, or else the environment variable's; null if neither is set. */
  private static @Nullable String read(
      CommandLine cmd, @Nullable Path file, String option, String variable) {
    if (file == null) {
      String value = HooklineCommand.of(cmd).environment(variable);
      return value == null || value.isEmpty() ? null : value;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new CommandLine.ParameterException(cmd, "Cannot read " + option + " " + file);
    }
  }

  /** The URL up to its second colon, e.g. {@code jdbc:postgresql}. */
  private static String scheme(String url) {
    int first = url.indexOf(':');
    int second = first < 0 ? -1 : url.indexOf(':', first + 1);
    return second < 0 ? url : url.substring(0, second);
  }
}
