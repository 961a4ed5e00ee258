package dev.seismic.lucene.document;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.util.UnicodeUtil;

/**
 * An immutable learned-sparse vector: distinct tokens, each with a positive weight, sorted by
 * token.
 *
 * <p>Every way into the index or into a query goes through {@link #of(String, Map)} or {@link
 * #of(String, String[], float[])}, so that documents and queries obey the same rules, and a bad
 * vector is refused before anything is written. The rules follow Lucene's {@code FeatureField}
 * (whose encoding the postings share) plus limits of our own:
 *
 * <ul>
 *   <li>each weight is finite and at least {@link Float#MIN_NORMAL}: NaN, infinities, negative,
 *       zero and subnormal weights are refused (a zero weight carries no signal; refusing it, as
 *       Elasticsearch's {@code sparse_vector} does, keeps mistakes visible);
 *   <li>each token is 1 to {@link #MAX_TOKEN_BYTES} UTF-8 bytes long;
 *   <li>no token appears twice (a duplicate is almost always an encoder or client bug, and silently
 *       keeping one of the two hides it);
 *   <li>at most {@link #MAX_DIMENSIONS} tokens per vector.
 * </ul>
 *
 * An empty vector is allowed in a document (it matches nothing) but not in a query.
 */
public final class SparseVector {

  /** The most tokens one vector may hold. Learned encoders produce 20 to 400. */
  public static final int MAX_DIMENSIONS = 65_535;

  /** The longest token, in UTF-8 bytes. Word pieces are a few bytes long. */
  public static final int MAX_TOKEN_BYTES = 256;

  /** The vector with no tokens. */
  public static final SparseVector EMPTY = new SparseVector(new String[0], new float[0]);

  private final String[] tokens;
  private final float[] weights;

  private SparseVector(String[] tokens, float[] weights) {
    this.tokens = tokens;
    this.weights = weights;
  }

  /**
   * Validates and copies a token to weight map.
   *
   * @param field the field name, quoted in error messages
   * @throws IllegalArgumentException naming the field, the token and the problem
   */
  public static SparseVector of(String field, Map<String, ? extends Number> vector) {
    Objects.requireNonNull(vector, "vector");
    checkSize(field, vector.size());
    String[] tokens = new String[vector.size()];
    float[] weights = new float[vector.size()];
    int i = 0;
    for (Map.Entry<String, ? extends Number> e : vector.entrySet()) {
      tokens[i] = e.getKey();
      if (e.getValue() == null) {
        throw new IllegalArgumentException(
            prefix(field, e.getKey()) + "the weight is null; weights must be positive floats");
      }
      weights[i] = e.getValue().floatValue();
      i++;
    }
    return of(field, tokens, weights);
  }

  /**
   * Validates and copies parallel arrays of tokens and weights (in any order).
   *
   * @param field the field name, quoted in error messages
   * @throws IllegalArgumentException naming the field, the token and the problem
   */
  public static SparseVector of(String field, String[] tokens, float[] weights) {
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(weights, "weights");
    if (tokens.length != weights.length) {
      throw new IllegalArgumentException(
          "field \""
              + field
              + "\": "
              + tokens.length
              + " tokens but "
              + weights.length
              + " weights");
    }
    checkSize(field, tokens.length);
    Integer[] order = new Integer[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      checkToken(field, tokens[i]);
      checkWeight(field, tokens[i], weights[i]);
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> tokens[a].compareTo(tokens[b]));
    String[] sortedTokens = new String[tokens.length];
    float[] sortedWeights = new float[tokens.length];
    for (int i = 0; i < order.length; i++) {
      sortedTokens[i] = tokens[order[i]];
      sortedWeights[i] = weights[order[i]];
      if (i > 0 && sortedTokens[i].equals(sortedTokens[i - 1])) {
        throw new IllegalArgumentException(
            prefix(field, sortedTokens[i])
                + "the token appears twice in one vector; merge the two weights before indexing");
      }
    }
    return new SparseVector(sortedTokens, sortedWeights);
  }

  /** Number of tokens. */
  public int size() {
    return tokens.length;
  }

  /** The i-th token, in sorted order. */
  public String token(int i) {
    return tokens[i];
  }

  /** The weight of the i-th token. */
  public float weight(int i) {
    return weights[i];
  }

  private static void checkSize(String field, int size) {
    if (size > MAX_DIMENSIONS) {
      throw new IllegalArgumentException(
          "field \""
              + field
              + "\": the vector has "
              + size
              + " tokens, more than the maximum of "
              + MAX_DIMENSIONS);
    }
  }

  private static void checkToken(String field, String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("field \"" + field + "\": a token is null or empty");
    }
    int bytes = UnicodeUtil.calcUTF16toUTF8Length(token, 0, token.length());
    if (bytes > MAX_TOKEN_BYTES) {
      throw new IllegalArgumentException(
          prefix(field, token.substring(0, Math.min(token.length(), 32)) + "...")
              + "the token is "
              + bytes
              + " UTF-8 bytes long, more than the maximum of "
              + MAX_TOKEN_BYTES);
    }
  }

  /** Checks one weight with the rules of this class. */
  public static void checkWeight(String field, String token, float weight) {
    if (Float.isNaN(weight)) {
      throw new IllegalArgumentException(prefix(field, token) + "the weight is NaN");
    }
    if (Float.isInfinite(weight)) {
      throw new IllegalArgumentException(prefix(field, token) + "the weight is " + weight);
    }
    if (weight < 0) {
      throw new IllegalArgumentException(
          prefix(field, token) + "the weight " + weight + " is negative; weights must be positive");
    }
    if (weight == 0) {
      throw new IllegalArgumentException(
          prefix(field, token) + "the weight is zero; leave the token out instead");
    }
    if (weight < Float.MIN_NORMAL) {
      throw new IllegalArgumentException(
          prefix(field, token)
              + "the weight "
              + weight
              + " is subnormal, below the smallest normal float "
              + Float.MIN_NORMAL);
    }
  }

  private static String prefix(String field, String token) {
    return "field \"" + field + "\", token \"" + token + "\": ";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseVector other
        && Arrays.equals(tokens, other.tokens)
        && Arrays.equals(weights, other.weights);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(tokens) + Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < tokens.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      if (i == 8 && tokens.length > 10) {
        sb.append("... ").append(tokens.length - 8).append(" more");
        break;
      }
      sb.append(tokens[i]).append('=').append(weights[i]);
    }
    return sb.append('}').toString();
  }
}
