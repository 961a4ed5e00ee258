package dev.seismic.bench.harness;

import java.io.IOException;

/**
 * One configuration under test (Seismic at given settings, Lucene exact, brute force): a name and a
 * way to search the benchmark's queries by number.
 */
public interface SearchSystem {

  /** A searcher for one thread; searches return data positions of the top k, best first. */
  interface Retriever {
    int[] search(int query) throws IOException;
  }

  /** Short, unique within a run, e.g. "seismic[b0] qc=10 hf=0.7". */
  String name();

  /** A retriever for the calling thread (systems with per-thread state give each its own). */
  Retriever retriever() throws IOException;
}
