package dev.seismic.bench.data;

import java.io.IOException;

/**
 * Receives vectors one at a time, in order. Readers and generators push into a sink, so a consumer
 * that does not need them all at once (the indexer) never holds more than one.
 *
 * <p>The arrays belong to the sink once handed over: the producer does not reuse them.
 */
@FunctionalInterface
public interface VectorSink {

  /** One vector: its id, its distinct tokens and their weights (parallel arrays). */
  void add(String id, String[] tokens, float[] weights) throws IOException;
}
