package dev.seismic.bench.harness;

import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.truth.BruteForce;

/**
 * Exhaustive exact search in memory: every document sharing a token with the query is scored (term
 * at a time, double accumulators). It is what the ground truth is made with; as a system it shows
 * what exact search costs without any index structure to skip with.
 */
final class BruteForceSystem implements SearchSystem {

  private final BruteForce bruteForce;
  private final VectorSet queries;
  private final int k;

  BruteForceSystem(BruteForce bruteForce, VectorSet queries, int k) {
    this.bruteForce = bruteForce;
    this.queries = queries;
    this.k = k;
  }

  @Override
  public String name() {
    return "brute force (in memory)";
  }

  @Override
  public Retriever retriever() {
    BruteForce.Searcher searcher = bruteForce.searcher(); // its own accumulator per thread
    return q -> searcher.search(queries.tokens(q), queries.weights(q), k).docs();
  }
}
