package dev.seismic.lucene.tune;

import java.util.List;

/**
 * The outcome of a tuning run.
 *
 * @param targetRecall the recall@k asked for
 * @param k hits per query
 * @param targetReached whether the chosen setting's tuning recall reaches the target; when false,
 *     {@code tuning} is the most accurate setting of the sweep
 * @param tuning the chosen setting as measured on the tuning queries (the numbers it was chosen by)
 * @param heldOut the same setting on the held-out queries, which played no part in the choice: the
 *     estimate to trust
 * @param sweep every setting tried, in the grid's order, measured on the tuning queries
 * @param queriesWithoutHits sampled queries no document matches; they are timed but have no recall
 * @param exactLatencyMillis mean latency of Lucene's exact query on the held-out queries, for
 *     comparison (recall 1 by definition)
 */
public record TuningResult(
    double targetRecall,
    int k,
    boolean targetReached,
    SettingMeasurement tuning,
    SettingMeasurement heldOut,
    List<SettingMeasurement> sweep,
    int queriesWithoutHits,
    double exactLatencyMillis) {

  public TuningResult {
    sweep = List.copyOf(sweep);
  }

  /** The chosen setting. */
  public QuerySetting setting() {
    return tuning.setting();
  }

  public double tuningRecall() {
    return tuning.recall();
  }

  public double heldOutRecall() {
    return heldOut.recall();
  }

  public double tuningLatencyMillis() {
    return tuning.meanLatencyMillis();
  }

  public double heldOutLatencyMillis() {
    return heldOut.meanLatencyMillis();
  }
}
