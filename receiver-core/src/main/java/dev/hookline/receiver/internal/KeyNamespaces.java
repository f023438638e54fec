package dev.hookline.receiver.internal;

/**
 * The namespace of a stored key. The receiver stores each event's key under its endpoint's name,
 * and its tenant's after a slash, as {@code namespace|key}; neither name holds a {@code |}. The
 * bounded in-memory store and inbox evict by namespace, so that a sender who can sign for one
 * endpoint or tenant cannot push the others' keys out.
 */
public final class KeyNamespaces {

  private KeyNamespaces() {}

  /**
   * The length of the key's namespace: of its text before the first {@code |}; 0 for a key without
   * one, whose namespace is the empty one.
   */
  public static int length(String key) {
    return Math.max(0, key.indexOf('|'));
  }

  /** The key's namespace. */
  public static String of(String key) {
    return key.substring(0, length(key));
  }
}
