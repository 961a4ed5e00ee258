package dev.seismic.bench.harness;

import dev.seismic.bench.data.CountedStream;
import dev.seismic.bench.data.VectorSet;

/**
 * The documents and queries of a benchmark run. Documents come as a stream (read or generated again
 * for each pass: the truth, each index, the recall scores), so a generated or file set of millions
 * is never held in memory; queries are held.
 *
 * @param name short name, usable in file names
 * @param label provenance, printed next to every figure
 * @param sources one line on which files or generator produced the documents and queries
 * @param documents the documents, counted on each pass
 * @param numDocs how many documents a pass hands over
 */
public record BenchDataset(
    String name,
    String label,
    String sources,
    CountedStream documents,
    int numDocs,
    VectorSet queries) {}
