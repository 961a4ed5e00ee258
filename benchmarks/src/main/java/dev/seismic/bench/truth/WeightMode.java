package dev.seismic.bench.truth;

import dev.seismic.lucene.document.SeismicVectorField;

/**
 * Which document weights the exact scores use.
 *
 * <p>The index keeps each weight with ~9 significant bits (FeatureField's encoding), so even an
 * exact Lucene query ranks slightly differently from the original floats. {@link #ORIGINAL}
 * measures retrieval quality against the data as the encoder produced it; {@link #INDEX_ENCODED}
 * isolates what Seismic's pruning and skipping lose compared with an exhaustive search of the same
 * index. Query weights are used as given in both modes, as the queries do.
 */
public enum WeightMode {
  /** The data's float weights. */
  ORIGINAL {
    @Override
    public float apply(float w) {
      return w;
    }
  },
  /** The weights the index stores: {@code decodeWeight(encodeWeight(w))}. */
  INDEX_ENCODED {
    @Override
    public float apply(float w) {
      return SeismicVectorField.decodeWeight(SeismicVectorField.encodeWeight(w));
    }
  };

  /** The document weight scores are computed with. */
  public abstract float apply(float w);
}
