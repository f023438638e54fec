package dev.hookline.receiver.lucca;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import dev.hookline.receiver.core.MalformedEventException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Walks JSON values token by token and rejects an object that repeats a key: the check Jackson's
 * {@code STRICT_DUPLICATE_DETECTION} makes, at a fraction of its cost. Jackson allocates a hash set
 * for every object with more than two keys; here each open object has a 64-bit filter of its keys'
 * hash codes, and a key is compared with the keys already seen in its object only when the filter
 * says it may be among them. Only an object with more than {@value #SMALL} keys gets a hash set, so
 * a large object cannot make the check quadratic.
 *
 * <p>One walker per body; not thread-safe. The parser it reads must have Jackson's own check
 * disabled, or every key is checked twice.
 */
final class UniqueKeyWalker {

  /** Keys per object compared one by one; a larger object switches to a hash set. */
  static final int SMALL = 16;

  /** The keys of every open object, innermost last, and their hash codes. */
  private String[] keys = new String[16];

  private int[] hashes = new int[16];

  private int keyCount;

  /*
   * The innermost open object or array, in fields of their own so that a key touches no array but
   * the keys': where its keys start in keys; one bit per key seen, chosen by its hash code (a key
   * whose bit is clear is new, only a key whose bit is set is compared with the object's keys);
   * and its keys as a set once it has more than SMALL, else null.
   */
  private int start;
  private long filter;
  private @Nullable Set<String> large;

  /** The same three of each enclosing object or array, outermost first, saved as it opened one. */
  private int[] enclosingStart = new int[8];

  private long[] enclosingFilter = new long[8];
  private @Nullable Set<String>[] enclosingLarge = newSets(8);

  /** Open objects and arrays. */
  private int depth;

  /** A key looked for among the keys of the objects one level below where it was asked. */
  private @Nullable String watchedKey;

  private int watchedDepth;
  private boolean watchedKeySeen;

  /**
   * Starts looking for a key in the value about to be walked from the current level: among the keys
   * of that object itself, not of objects nested in it. {@link #unwatch} tells whether it came.
   */
  void watch(String key) {
    watchedKey = key;
    watchedDepth = depth + 1;
    watchedKeySeen = false;
  }

  /** Stops looking for the watched key; whether it was met. */
  boolean unwatch() {
    watchedKey = null;
    return watchedKeySeen;
  }

  /** Opens an object or array, as its start token is read. */
  void enter() {
    if (depth == enclosingStart.length) {
      enclosingStart = Arrays.copyOf(enclosingStart, depth * 2);
      enclosingFilter = Arrays.copyOf(enclosingFilter, depth * 2);
      enclosingLarge = Arrays.copyOf(enclosingLarge, depth * 2);
    }
    enclosingStart[depth] = start;
    enclosingFilter[depth] = filter;
    enclosingLarge[depth] = large;
    depth++;
    start = keyCount;
    filter = 0;
    large = null;
  }

  /** Closes the innermost object or array, as its end token is read. */
  void exit() {
    keyCount = start;
    depth--;
    start = enclosingStart[depth];
    filter = enclosingFilter[depth];
    large = enclosingLarge[depth];
    enclosingLarge[depth] = null;
  }

  /**
   * Records a key of the innermost object.
   *
   * @throws MalformedEventException if that object already has the key
   */
  void key(String key) {
    if (depth == watchedDepth && key.equals(watchedKey)) {
      watchedKeySeen = true;
    }
    Set<String> large = this.large;
    if (large != null) {
      if (!large.add(key)) {
        throw duplicate(key);
      }
      return;
    }
    int count = keyCount;
    // Jackson hands out the same String for a name each time, so its hash is computed once.
    int hash = key.hashCode();
    long bit = 1L << (hash ^ (hash >>> 16)); // a shift uses the low six bits of its distance
    long filter = this.filter;
    if ((filter & bit) != 0) {
      for (int i = start; i < count; i++) {
        if (hashes[i] == hash && key.equals(keys[i])) {
          throw duplicate(key);
        }
      }
    }
    this.filter = filter | bit;
    if (count - start == SMALL) {
      large = new HashSet<>(Arrays.asList(keys).subList(start, count));
      large.add(key);
      this.large = large;
      return;
    }
    if (count == keys.length) {
      keys = Arrays.copyOf(keys, count * 2);
      hashes = Arrays.copyOf(hashes, count * 2);
    }
    keys[count] = key;
    hashes[count] = hash;
    keyCount = count + 1;
  }

  /**
   * Walks the value at the parser's current token to its end, checking the keys of every object in
   * it.
   */
  void skip(JsonParser parser) throws IOException {
    int outside = depth;
    JsonToken token = parser.currentToken();
    while (true) {
      track(token, parser);
      if (depth == outside) {
        return;
      }
      token = parser.nextToken();
      if (token == null) {
        throw new MalformedEventException("body ends inside a JSON value");
      }
    }
  }

  /**
   * A view of the parser that checks keys as Jackson reads through it, so a value is bound (or read
   * as a tree) and checked in one pass. Call it at the value's start token, which this records.
   */
  JsonParser checking(JsonParser parser) throws IOException {
    track(parser.currentToken(), parser);
    return new Checking(parser);
  }

  /** Keys are most of the tokens that change anything, so they are asked about first. */
  private void track(@Nullable JsonToken token, JsonParser parser) throws IOException {
    if (token == JsonToken.FIELD_NAME) {
      key(parser.currentName());
    } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      enter();
    } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
      exit();
    }
  }

  /**
   * Every way Jackson moves through a parser ends in {@link #nextToken}: {@code JsonParser}'s own
   * {@code nextFieldName}, {@code nextTextValue} and the like call it, and the two shortcuts the
   * delegate would forward past it are overridden.
   */
  private final class Checking extends JsonParserDelegate {
    Checking(JsonParser parser) {
      super(parser);
    }

    @Override
    public @Nullable JsonToken nextToken() throws IOException {
      JsonToken token = delegate.nextToken();
      track(token, delegate);
      return token;
    }

    @Override
    public @Nullable JsonToken nextValue() throws IOException {
      JsonToken token = nextToken();
      return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
      JsonToken token = currentToken();
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        int open = 1;
        while (open > 0) {
          token = nextToken();
          if (token == null) {
            return this;
          }
          if (token.isStructStart()) {
            open++;
          } else if (token.isStructEnd()) {
            open--;
          }
        }
      }
      return this;
    }
  }

  private static MalformedEventException duplicate(String key) {
    return new MalformedEventException("body is not valid JSON: Duplicate field '" + key + "'");
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Set<String>[] newSets(int length) {
    return (@Nullable Set<String>[]) new Set<?>[length];
  }
}
