/**
 * Signature verification over the raw body: the {@link
 * dev.hookline.receiver.signature.SignatureVerifier} contract, typed failure {@link
 * dev.hookline.receiver.signature.Reason}s, and {@link
 * dev.hookline.receiver.signature.HmacSignature}, the configurable HMAC/Ed25519 scheme every named
 * provider scheme is a preset of, and {@link dev.hookline.receiver.signature.SecretSource}, where
 * an endpoint with tenants finds each tenant's secrets.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.signature;

import org.jspecify.annotations.NullMarked;
