package dev.seismic.bench.truth;

import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.data.VectorStream;
import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * The exact top-k of every query over documents that come as a stream, in one pass and bounded
 * memory: the documents are taken a chunk at a time, each chunk is searched exhaustively by a
 * {@link BruteForce} of its own (all queries, in parallel), and each query keeps the best k seen so
 * far. The result is identical to one {@link BruteForce} over all documents: a document's score is
 * accumulated the same way (in double, query token by query token) whatever chunk it is in, and the
 * best k overall, by descending score then ascending document number, are the best k of the chunks'
 * best k merged in that order.
 */
public final class StreamingTruth {

  /**
   * The truth and what the pass saw.
   *
   * @param truth per query, the exact top-k
   * @param documents documents in the stream
   * @param totalNnz their non-zero components
   * @param index the in-memory index of all documents when they fit in one chunk and it was asked
   *     for (to serve as the brute-force system), else null
   */
  public record Result(TopK[] truth, long documents, long totalNnz, BruteForce index) {}

  private StreamingTruth() {}

  /**
   * @param chunkDocs documents per chunk (the memory bound: their vectors and their index)
   * @param keepIndex keep the index when every document fits in one chunk
   * @param progress receives the documents done after each chunk
   */
  public static Result compute(
      VectorStream docs,
      VectorSet queries,
      int k,
      WeightMode mode,
      int threads,
      int chunkDocs,
      boolean keepIndex,
      LongConsumer progress)
      throws IOException {
    if (chunkDocs < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkDocs);
    }
    int numQueries = queries.size();
    int[][] bestDocs = new int[numQueries][0];
    double[][] bestScores = new double[numQueries][0];
    long[] seen = {0, 0}; // documents, non-zeros
    int[] chunks = {0};
    BruteForce[] last = {null};
    VectorSet.Builder[] chunk = {new VectorSet.Builder()};
    Runnable flush =
        () -> {
          VectorSet set = chunk[0].build();
          chunk[0] = new VectorSet.Builder();
          if (set.size() == 0) {
            return;
          }
          long base = seen[0] - set.size();
          last[0] = null; // a second chunk: no single index to keep
          BruteForce bf = new BruteForce(set, mode, false);
          BruteForce.Ranked[] ranked = bf.searchRanked(queries, k, threads);
          for (int q = 0; q < numQueries; q++) {
            merge(q, ranked[q], base, k, bestDocs, bestScores);
          }
          last[0] = keepIndex && chunks[0] == 0 ? bf : null;
          chunks[0]++;
          progress.accept(seen[0]);
        };
    docs.forEach(
        (id, tokens, weights) -> {
          if (seen[0] == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("more documents than fit document numbers");
          }
          chunk[0].add(id, tokens, weights);
          seen[0]++;
          seen[1] += tokens.length;
          if (chunk[0].size() == chunkDocs) {
            flush.run();
          }
        });
    flush.run();
    TopK[] truth = new TopK[numQueries];
    for (int q = 0; q < numQueries; q++) {
      truth[q] = new BruteForce.Ranked(bestDocs[q], bestScores[q]).topK();
    }
    return new Result(truth, seen[0], seen[1], keepIndex && chunks[0] == 1 ? last[0] : null);
  }

  /** Merges a chunk's best (document numbers relative to {@code base}) into query q's best k. */
  private static void merge(
      int q, BruteForce.Ranked chunk, long base, int k, int[][] bestDocs, double[][] bestScores) {
    int[] aDocs = bestDocs[q];
    double[] aScores = bestScores[q];
    int[] bDocs = chunk.docs();
    double[] bScores = chunk.scores();
    int n = Math.min(k, aDocs.length + bDocs.length);
    int[] docs = new int[n];
    double[] scores = new double[n];
    int i = 0;
    int j = 0;
    for (int o = 0; o < n; o++) {
      // Earlier chunks hold smaller document numbers: on equal scores they come first.
      boolean takeA = j == bDocs.length || (i < aDocs.length && aScores[i] >= bScores[j]);
      if (takeA) {
        docs[o] = aDocs[i];
        scores[o] = aScores[i++];
      } else {
        docs[o] = (int) (base + bDocs[j]);
        scores[o] = bScores[j++];
      }
    }
    bestDocs[q] = docs;
    bestScores[q] = scores;
  }
}
