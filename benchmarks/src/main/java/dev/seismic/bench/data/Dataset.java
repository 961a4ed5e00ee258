package dev.seismic.bench.data;

/**
 * Documents and queries that belong together, with a label that says where they came from.
 *
 * <p>The label is printed next to every figure measured on the data set, so that numbers from
 * generated vectors are never mistaken for numbers from a learned encoder.
 *
 * @param name short name, usable in file names (for example a ground-truth cache key)
 * @param label provenance, e.g. "real SPLADE++ ED vectors" or "generated (not learned)"
 * @param sources one line on which files or generator produced the documents and queries
 * @param documents the vectors to index
 * @param queries the vectors to search with
 */
public record Dataset(
    String name, String label, String sources, VectorSet documents, VectorSet queries) {

  /** The same data set with only the first {@code n} queries. */
  public Dataset withQueries(int n) {
    return new Dataset(name, label, sources, documents, queries.head(n));
  }
}
