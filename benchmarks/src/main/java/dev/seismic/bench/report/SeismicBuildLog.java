package dev.seismic.bench.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads figures out of the Seismic codec's InfoStream lines (one per field, flush and merge; see
 * {@code BuildTimes}), which end in {@code "..., write lists X, knn graph Y"}, times in ms.
 */
public final class SeismicBuildLog {

  private static final Pattern GRAPH = Pattern.compile("knn graph ([0-9]+(?:\\.[0-9]+)?)");

  private SeismicBuildLog() {}

  /**
   * Milliseconds the κ-NN graphs took, summed over every flush and merge of the log: wall time,
   * part of the flush and merge times (0 when no line reports a graph, as for an index built
   * without one).
   */
  public static double graphMillis(List<String> log) {
    double sum = 0;
    for (String line : log) {
      Matcher m = GRAPH.matcher(line);
      if (m.find()) {
        sum += Double.parseDouble(m.group(1));
      }
    }
    return sum;
  }
}
