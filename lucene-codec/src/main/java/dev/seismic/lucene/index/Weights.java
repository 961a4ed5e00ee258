package dev.seismic.lucene.index;

/** Decoding of stored weights (term frequencies in {@code FeatureField}'s encoding). */
final class Weights {
  private Weights() {}

  /**
   * The weight an unsigned 16-bit stored value (0 to 65,535) stands for. Values come from term
   * frequencies capped at {@code SeismicVectorField.MAX_ENCODED}, so the result is always finite.
   */
  static float decode(int stored) {
    return Float.intBitsToFloat(stored << 15);
  }
}
