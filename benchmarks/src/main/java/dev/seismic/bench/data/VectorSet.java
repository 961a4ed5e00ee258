package dev.seismic.bench.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-memory list of sparse vectors with their ids, as plain arrays.
 *
 * <p>Benchmarks hold tens of thousands to millions of vectors and hand each one to several
 * consumers (the indexer, the brute-force scorer, the query builder), so the representation is
 * deliberately dumb: parallel {@code String[]} / {@code float[]} per vector, tokens interned by the
 * readers so that a token string exists once per data set. Weights are the data's original floats;
 * any index-side quantisation happens downstream.
 *
 * <p>Vectors are immutable once built; the arrays returned are the stored ones and must not be
 * modified.
 */
public final class VectorSet {

  private final String[] ids;
  private final String[][] tokens;
  private final float[][] weights;

  private VectorSet(String[] ids, String[][] tokens, float[][] weights) {
    this.ids = ids;
    this.tokens = tokens;
    this.weights = weights;
  }

  /** Number of vectors. */
  public int size() {
    return ids.length;
  }

  /** The id of vector {@code i}, unique within the set. */
  public String id(int i) {
    return ids[i];
  }

  /** The tokens of vector {@code i}, distinct, in no particular order. */
  public String[] tokens(int i) {
    return tokens[i];
  }

  /** The weights of vector {@code i}, parallel to {@link #tokens(int)}. */
  public float[] weights(int i) {
    return weights[i];
  }

  /** Number of non-zero components of vector {@code i}. */
  public int nnz(int i) {
    return tokens[i].length;
  }

  /** Total number of non-zero components. */
  public long totalNnz() {
    long n = 0;
    for (String[] t : tokens) {
      n += t.length;
    }
    return n;
  }

  /** Mean number of non-zero components, 0 for an empty set. */
  public double meanNnz() {
    return ids.length == 0 ? 0 : (double) totalNnz() / ids.length;
  }

  /** The first {@code n} vectors (all of them if {@code n >= size()}). */
  public VectorSet head(int n) {
    if (n >= ids.length) {
      return this;
    }
    return new VectorSet(
        Arrays.copyOf(ids, n), Arrays.copyOf(tokens, n), Arrays.copyOf(weights, n));
  }

  /** Every {@code stride}-th vector, from the first (this set itself for a stride of 1). */
  public VectorSet every(int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be >= 1, got " + stride);
    }
    if (stride == 1) {
      return this;
    }
    Builder b = new Builder();
    for (int i = 0; i < ids.length; i += stride) {
      b.add(ids[i], tokens[i], weights[i]);
    }
    return b.build();
  }

  /** The vectors of several sets one after another, in the order given. */
  public static VectorSet concat(List<VectorSet> parts) {
    Builder b = new Builder();
    for (VectorSet p : parts) {
      for (int i = 0; i < p.size(); i++) {
        b.add(p.ids[i], p.tokens[i], p.weights[i]);
      }
    }
    return b.build();
  }

  /** Collects vectors in order; not thread-safe. */
  public static final class Builder {
    private final List<String> ids = new ArrayList<>();
    private final List<String[]> tokens = new ArrayList<>();
    private final List<float[]> weights = new ArrayList<>();

    /** Adds a vector; the arrays are kept, not copied. */
    public Builder add(String id, String[] vectorTokens, float[] vectorWeights) {
      Objects.requireNonNull(id, "id");
      if (vectorTokens.length != vectorWeights.length) {
        throw new IllegalArgumentException(
            "vector "
                + id
                + ": "
                + vectorTokens.length
                + " tokens but "
                + vectorWeights.length
                + " weights");
      }
      ids.add(id);
      tokens.add(vectorTokens);
      weights.add(vectorWeights);
      return this;
    }

    /** Adds a vector given as a token to weight map (in the map's iteration order). */
    public Builder add(String id, Map<String, ? extends Number> vector) {
      String[] t = new String[vector.size()];
      float[] w = new float[vector.size()];
      int i = 0;
      for (Map.Entry<String, ? extends Number> e : vector.entrySet()) {
        t[i] = e.getKey();
        w[i] = e.getValue().floatValue();
        i++;
      }
      return add(id, t, w);
    }

    public int size() {
      return ids.size();
    }

    public VectorSet build() {
      return new VectorSet(
          ids.toArray(new String[0]),
          tokens.toArray(new String[0][]),
          weights.toArray(new float[0][]));
    }
  }
}
