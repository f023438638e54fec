package dev.hookline.receiver.signature;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.internal.TenantIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@link SecretSource#of}: a fixed map of tenants to secrets. Immutable. */
final class StaticSecretSource implements SecretSource {

  private final Map<String, List<String>> secrets;

  StaticSecretSource(Map<String, List<String>> secretsByTenant) {
    Map<String, List<String>> copy = new HashMap<>();
    Map<String, String> owners = new HashMap<>();
    Objects.requireNonNull(secretsByTenant, "secretsByTenant")
        .forEach(
            (tenant, list) -> {
              if (!TenantIds.isValid(tenant)) {
                throw new WebhookConfigurationException(
                    "tenant id must be "
                        + TenantIds.RULE
                        + ", but was \""
                        + LogText.escape(tenant)
                        + "\"");
              }
              List<String> tenantSecrets = List.copyOf(list);
              for (int i = 0; i < tenantSecrets.size(); i++) {
                String secret = tenantSecrets.get(i);
                if (secret.isBlank()) {
                  throw new WebhookConfigurationException(
                      "secret #" + (i + 1) + " of tenant " + tenant + " is empty or blank");
                }
                String owner = owners.putIfAbsent(secret, tenant);
                if (owner != null && !owner.equals(tenant)) {
                  throw new WebhookConfigurationException(
                      "secret #"
                          + (i + 1)
                          + " of tenant "
                          + tenant
                          + " is also a secret of tenant "
                          + owner
                          + ": each would verify the other's requests");
                }
              }
              copy.put(tenant, tenantSecrets);
            });
    this.secrets = Map.copyOf(copy);
  }

  @Override
  public List<String> secrets(String endpoint, String tenant) {
    return secrets.getOrDefault(tenant, List.of());
  }

  /** The number of tenants; never a secret. */
  @Override
  public String toString() {
    return "SecretSource.of[" + secrets.size() + " tenants]";
  }
}
