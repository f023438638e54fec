/**
 * Signature verification over the raw body: the {@link
 * dev.hookline.receiver.signature.SignatureVerifier} contract, typed failure {@link
 * dev.hookline.receiver.signature.Reason}s, and {@link
 * dev.hookline.receiver.signature.HmacSignature}, the configurable HMAC/Ed25519 scheme every named
 * provider scheme is a preset of, {@link dev.hookline.receiver.signature.SecretSource}, where an
 * endpoint with tenants finds each tenant's secrets, and {@link
 * dev.hookline.receiver.signature.SecretStore}, the source the endpoint lifecycle writes them to.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.signature;

import org.jspecify.annotations.NullMarked;
