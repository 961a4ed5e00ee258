package dev.seismic.bench.data;

import dev.seismic.lucene.document.SparseVector;

/**
 * Applies the index's own vector rules ({@link SparseVector}) while reading, so that a vector the
 * index would refuse is reported with its file and line rather than deep inside indexing.
 */
final class VectorRules {

  private VectorRules() {}

  /** Why the vector would be refused by the index, or {@code null} if it is fine. */
  static String problem(String[] tokens, float[] weights) {
    try {
      SparseVector.of("vector", tokens, weights);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
