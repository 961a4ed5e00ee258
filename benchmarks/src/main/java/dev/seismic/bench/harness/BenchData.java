package dev.seismic.bench.harness;

import dev.seismic.bench.truth.TopK;

/**
 * The data of one benchmark run and its exact ground truth.
 *
 * @param dataset documents (a stream) and queries, labelled with where they came from
 * @param key identifies the documents and queries in cache file names and reports
 * @param truth per query, the exact top-{@code truthK} on the original float weights
 * @param truthK the depth of {@code truth} (at least the k searched for)
 * @param loadNanos time to read the data (generated documents are made later, as needed)
 * @param truthNanos time to compute the truth, or to read it from the cache
 * @param truthCached whether the truth came from the cache
 */
public record BenchData(
    BenchDataset dataset,
    String key,
    TopK[] truth,
    int truthK,
    long loadNanos,
    long truthNanos,
    boolean truthCached) {}
