package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.internal.LogText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys of a {@link JdbcSecretVault}, each under an id, one of them current: secrets are
 * encrypted with AES-GCM under the current key and a fresh random 96-bit nonce, and decrypted under
 * the key their row names. The additional authenticated data is the row's identity (endpoint,
 * tenant, secret id, key id), so a ciphertext moved to another row does not decrypt. Immutable and
 * thread-safe (a {@link Cipher} is made per call); its {@code toString} names key ids only.
 */
final class SecretKeyRing {

  /** Key ids: 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit. */
  static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  /** Versions the AAD layout, so that a later layout can never be confused with this one. */
  private static final byte[] AAD_LABEL = "hookline-secret-v1".getBytes(StandardCharsets.US_ASCII);

  private final Map<String, SecretKey> keys;
  private final String current;
  private final SecureRandom random = new SecureRandom();

  /** A secret encrypted under a key: the nonce and the ciphertext with its tag appended. */
  record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {}

  /**
   * @param base64Keys each key id's key, base64 (standard alphabet) of 32 bytes
   * @throws WebhookConfigurationException if there is no key, a key id is not valid, a key is not
   *     base64 of 32 bytes, or the current key id is not among the keys; messages name key ids and
   *     never key material
   */
  SecretKeyRing(Map<String, String> base64Keys, String current) {
    if (base64Keys.isEmpty()) {
      throw new WebhookConfigurationException("the vault needs at least one key");
    }
    Map<String, SecretKey> parsed = new LinkedHashMap<>();
    base64Keys.forEach((id, base64) -> parsed.put(checkId(id), parse(id, base64)));
    if (!parsed.containsKey(current)) {
      throw new WebhookConfigurationException(
          "currentKey must be one of the key ids "
              + parsed.keySet()
              + ", but was \""
              + current
              + "\"");
    }
    this.keys = Map.copyOf(parsed);
    this.current = current;
  }

  private static String checkId(String id) {
    if (!KEY_ID.matcher(id).matches()) {
      throw new WebhookConfigurationException(
          "key id must be 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter"
              + " or a digit, but was \""
              + LogText.escape(id)
              + "\"");
    }
    return id;
  }

  private static SecretKey parse(String id, String base64) {
    byte[] material;
    try {
      material = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      // The decoder's message may quote the offending character: not kept, not even as a cause.
      throw new WebhookConfigurationException("key " + id + " must be base64, but is not");
    }
    if (material.length != KEY_BYTES) {
      throw new WebhookConfigurationException(
          "key "
              + id
              + " must be base64 of "
              + KEY_BYTES
              + " bytes (AES-256), but decodes to "
              + material.length
              + " bytes");
    }
    return new SecretKeySpec(material, "AES");
  }

  String current() {
    return current;
  }

  boolean has(String keyId) {
    return keys.containsKey(keyId);
  }

  /** Encrypts the secret under the current key for the row it is to be stored in. */
  Sealed seal(String endpoint, String tenant, String secretId, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(endpoint, tenant, secretId, current));
      return new Sealed(current, nonce, cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      // AES-GCM is required of every JDK: failing here means a broken runtime.
      throw new IllegalStateException("AES/GCM is not available", e);
    }
  }

  /**
   * Decrypts a row's secret under the row's key.
   *
   * @return the secret, or empty if the tag does not verify: the ciphertext, nonce or row identity
   *     was changed, or the key under this id is not the one that encrypted it
   *     <p>The caller checks first that the ring {@link #has} the row's key id.
   */
  Optional<String> open(String endpoint, String tenant, String secretId, Sealed sealed) {
    SecretKey key = Objects.requireNonNull(keys.get(sealed.keyId()), "key id not in the ring");
    if (sealed.nonce().length != NONCE_BYTES) {
      return Optional.empty();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
      cipher.updateAAD(aad(endpoint, tenant, secretId, sealed.keyId()));
      return Optional.of(new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is not available", e);
    }
  }

  /** The label, then each part as its UTF-8 length (4 bytes) and bytes: no two rows share it. */
  private static byte[] aad(String endpoint, String tenant, String secretId, String keyId) {
    byte[][] parts = {
      endpoint.getBytes(StandardCharsets.UTF_8),
      tenant.getBytes(StandardCharsets.UTF_8),
      secretId.getBytes(StandardCharsets.UTF_8),
      keyId.getBytes(StandardCharsets.UTF_8)
    };
    int size = AAD_LABEL.length;
    for (byte[] part : parts) {
      size += 4 + part.length;
    }
    ByteBuffer aad = ByteBuffer.allocate(size).put(AAD_LABEL);
    for (byte[] part : parts) {
      aad.putInt(part.length).put(part);
    }
    return aad.array();
  }

  /** The key ids and the current one; never key material. */
  @Override
  public String toString() {
    return "keys=" + keys.keySet().stream().sorted().toList() + ", currentKey=" + current;
  }
}
