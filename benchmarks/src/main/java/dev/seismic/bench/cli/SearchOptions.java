package dev.seismic.bench.cli;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.search.SeismicQuery;
import picocli.CommandLine.Option;

/** Seismic query parameters as command-line options, shared by every command that searches. */
public final class SearchOptions {

  @Option(
      names = "--k",
      paramLabel = "K",
      description = "Results per query (default: ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int k;

  @Option(
      names = "--query-cut",
      paramLabel = "N",
      description = "Query terms whose posting lists are visited (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + SeismicQuery.DEFAULT_QUERY_CUT)
  int queryCut;

  @Option(
      names = "--heap-factor",
      paramLabel = "F",
      description =
          "Once k hits are held, a block is skipped when its summary score is below this times"
              + " the k-th best score; larger skips more"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + SeismicQuery.DEFAULT_HEAP_FACTOR)
  float heapFactor;

  @Option(
      names = "--knn",
      paramLabel = "N",
      description =
          "Graph neighbours of each best hit also scored, from the segments' κ-NN graphs (an"
              + " index built with --nknn); 0 for none (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  int knn;

  public int k() {
    if (k < 1) {
      throw new IllegalArgumentException("--k must be >= 1, got " + k);
    }
    return k;
  }

  public int queryCut() {
    return queryCut;
  }

  public float heapFactor() {
    return heapFactor;
  }

  public int knn() {
    return checkKnn(knn);
  }

  /** {@code knn} if {@link SeismicQuery} accepts it; else the refusal names the option. */
  public static int checkKnn(int knn) {
    try {
      SeismicQuery.checkKnn(knn);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--knn must be in [0, " + BuildParams.MAX_NKNN + "], got " + knn, e);
    }
    return knn;
  }
}
