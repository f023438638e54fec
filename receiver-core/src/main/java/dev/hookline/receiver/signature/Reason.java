package dev.hookline.receiver.signature;

/** Why a request failed signature verification. Every reason maps to HTTP 401. */
public enum Reason {
  /** A header the scheme needs (signature, timestamp or id) is absent. */
  MISSING_HEADER,
  /** A header is present but does not follow the scheme's syntax or bounds. */
  MALFORMED_HEADER,
  /** The signed timestamp is further from the receiver's clock than the tolerance allows. */
  TIMESTAMP_OUT_OF_WINDOW,
  /** The header is well formed but no signature matches any configured key. */
  NO_MATCHING_SIGNATURE
}
