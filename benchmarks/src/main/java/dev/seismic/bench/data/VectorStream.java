package dev.seismic.bench.data;

import java.io.IOException;

/**
 * A sequence of vectors that can be produced again from the start, one at a time: a file read
 * afresh or a generator rerun from its seed. Each {@link #forEach} pass hands the same vectors in
 * the same order.
 */
public interface VectorStream {

  /** The number of vectors a pass produces (may cost a pass when not known yet). */
  long size();

  /** The number of vectors if it is known without a pass, else -1. */
  default long sizeIfKnown() {
    return size();
  }

  /** Hands every vector to {@code sink}, in order. */
  void forEach(VectorSink sink) throws IOException;

  /** A stream over an in-memory set. */
  static VectorStream of(VectorSet set) {
    return new VectorStream() {
      @Override
      public long size() {
        return set.size();
      }

      @Override
      public void forEach(VectorSink sink) throws IOException {
        for (int i = 0; i < set.size(); i++) {
          sink.add(set.id(i), set.tokens(i), set.weights(i));
        }
      }
    };
  }
}
