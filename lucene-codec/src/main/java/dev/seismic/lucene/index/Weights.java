package dev.seismic.lucene.index;

import dev.seismic.lucene.document.SeismicVectorField;

/** Decoding of stored weights (term frequencies in {@code FeatureField}'s encoding). */
final class Weights {
  private Weights() {}

  /**
   * The weight an unsigned 16-bit stored value (0 to 65,535) stands for: {@link
   * SeismicVectorField#decodeWeight}, under the name the summary builder uses.
   */
  static float decode(int stored) {
    return SeismicVectorField.decodeWeight(stored);
  }
}
