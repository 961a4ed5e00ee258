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
 * mapped to data positions after each search, outside the timed section. Two methods are compared
 * with {@link #runPaired}, which alternates them query by query so that JIT compilation, garbage
 * collection and machine noise fall on both alike.
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
    Run run = newRun(queries.size());
    for (int q = 0; q < queries.size(); q++) {
      search(queries.get(q), k, run, q);
      progress.accept(q + 1);
    }
    return run;
  }

  /**
   * Searches query {@code q} of both lists for every {@code q}, alternating which goes first (A
   * then B for even {@code q}, B then A for odd), and returns the runs of A and B.
   */
  public Run[] runPaired(List<Query> a, List<Query> b, int k, IntConsumer progress)
      throws IOException {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException(a.size() + " queries vs " + b.size());
    }
    Run runA = newRun(a.size());
    Run runB = newRun(b.size());
    for (int q = 0; q < a.size(); q++) {
      if ((q & 1) == 0) {
        search(a.get(q), k, runA, q);
        search(b.get(q), k, runB, q);
      } else {
        search(b.get(q), k, runB, q);
        search(a.get(q), k, runA, q);
      }
      progress.accept(q + 1);
    }
    return new Run[] {runA, runB};
  }

  private static Run newRun(int n) {
    return new Run(new int[n][], new float[n][], new long[n]);
  }

  private void search(Query query, int k, Run run, int q) throws IOException {
    long start = System.nanoTime();
    TopDocs top = searcher.search(query, k);
    run.nanos()[q] = System.nanoTime() - start;
    ScoreDoc[] docs = top.scoreDocs;
    int[] hits = new int[docs.length];
    float[] scores = new float[docs.length];
    for (int i = 0; i < docs.length; i++) {
      hits[i] = docToOrd[docs[i].doc];
      scores[i] = docs[i].score;
    }
    run.hits()[q] = hits;
    run.scores()[q] = scores;
  }
}
