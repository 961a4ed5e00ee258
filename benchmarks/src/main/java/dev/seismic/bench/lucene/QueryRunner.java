package dev.seismic.bench.lucene;

import java.io.IOException;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Runs queries one after another on the calling thread and times each one.
 *
 * <p>Queries are built before timing starts, so the figures are search time only. Results are
 * mapped to data positions after each search, outside the timed section.
 */
public final class QueryRunner {

  /**
   * The outcome of one pass.
   *
   * @param hits per query, the data positions of the results, best first
   * @param scores per query, the scores Lucene returned, parallel to {@code hits}
   * @param nanos per query, the time {@code searcher.search} took
   */
  public record Run(int[][] hits, float[][] scores, long[] nanos) {}

  private final IndexSearcher searcher;
  private final int[] docToOrd;

  public QueryRunner(IndexSearcher searcher, int[] docToOrd) {
    this.searcher = searcher;
    this.docToOrd = docToOrd;
  }

  /** Searches every query once for its top {@code k}; {@code progress} gets queries done. */
  public Run run(List<Query> queries, int k, IntConsumer progress) throws IOException {
    int n = queries.size();
    int[][] hits = new int[n][];
    float[][] scores = new float[n][];
    long[] nanos = new long[n];
    for (int q = 0; q < n; q++) {
      Query query = queries.get(q);
      long start = System.nanoTime();
      TopDocs top = searcher.search(query, k);
      nanos[q] = System.nanoTime() - start;
      ScoreDoc[] docs = top.scoreDocs;
      hits[q] = new int[docs.length];
      scores[q] = new float[docs.length];
      for (int i = 0; i < docs.length; i++) {
        hits[q][i] = docToOrd[docs[i].doc];
        scores[q][i] = docs[i].score;
      }
      progress.accept(q + 1);
    }
    return new Run(hits, scores, nanos);
  }
}
