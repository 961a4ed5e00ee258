package dev.seismic.bench.data;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one {@link String} instance per distinct token.
 *
 * <p>A learned-sparse vocabulary has ~30k word pieces but a data set holds millions of occurrences;
 * sharing the instances keeps the in-memory data small. Thread-safe, so files can be read in
 * parallel into one vocabulary.
 */
public final class TokenInterner {

  private final ConcurrentHashMap<String, String> tokens = new ConcurrentHashMap<>();

  /** The canonical instance equal to {@code token}. */
  public String intern(String token) {
    String existing = tokens.putIfAbsent(token, token);
    return existing == null ? token : existing;
  }

  /** Number of distinct tokens seen. */
  public int size() {
    return tokens.size();
  }
}
