package dev.seismic.lucene.builder;

import java.util.Locale;

/**
 * Where one field's build spent its time, phase by phase, reported through Lucene's {@code
 * InfoStream} (component {@code "SEISMIC"}) so that a user can see the split of a flush or merge
 * the way Lucene reports its own. Times of the list phases are summed over the threads that built
 * lists, so with a parallel merge they may exceed the wall time.
 */
public final class BuildTimes {
  long countNanos;
  long vectorsNanos;
  String vectorsFrom = "";
  long copyNanos;
  long topNanos;
  long pruneNanos;
  long clusterNanos;
  long summarizeNanos;
  long writeNanos;
  long graphNanos; // wall time of the κ-NN graph, including the lists' copy; 0 without one
  long totalNanos;

  synchronized void addListPhases(long cluster, long summarize, long write) {
    clusterNanos += cluster;
    summarizeNanos += summarize;
    writeNanos += write;
  }

  /** One line: the total, then each phase in the order it runs. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "build %.1f ms: count %.1f, vectors %.1f (%s), copy %.1f, top components %.1f,"
            + " read and prune %.1f, cluster %.1f, summarize %.1f, write lists %.1f,"
            + " knn graph %.1f",
        ms(totalNanos),
        ms(countNanos),
        ms(vectorsNanos),
        vectorsFrom,
        ms(copyNanos),
        ms(topNanos),
        ms(pruneNanos),
        ms(clusterNanos),
        ms(summarizeNanos),
        ms(writeNanos),
        ms(graphNanos));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
