package dev.seismic.lucene.tune;

import java.util.Comparator;
import java.util.List;

/**
 * Picks a setting from a sweep: the fastest one whose recall reaches the target, or, when none
 * does, the most accurate one (so a user asking for too much still gets the best there is, and is
 * told). A pure function of the sweep: lowering the target only adds candidates, so it can only
 * choose an equal or faster setting.
 */
public final class SettingChooser {

  /**
   * Recall is a mean of fractions summed in double: 0.95 can come out as 0.9499999999999999. A
   * target is reached within this.
   */
  static final double RECALL_SLACK = 1e-9;

  private SettingChooser() {}

  /**
   * @param measurement the chosen setting as measured
   * @param reached whether its recall reaches the target
   */
  public record Choice(SettingMeasurement measurement, boolean reached) {}

  /** The choice for {@code targetRecall}; the sweep must not be empty. */
  public static Choice choose(List<SettingMeasurement> sweep, double targetRecall) {
    if (sweep.isEmpty()) {
      throw new IllegalArgumentException("the sweep is empty");
    }
    // Ties in latency go to the higher recall, then to the cheaper setting (smaller cut, larger
    // factor, fewer graph neighbours), so the choice does not depend on the sweep's order.
    Comparator<SettingMeasurement> cheaper =
        Comparator.comparingInt((SettingMeasurement m) -> m.setting().queryCut())
            .thenComparing(m -> -m.setting().heapFactor())
            .thenComparingInt(m -> m.setting().knn());
    Comparator<SettingMeasurement> fastest =
        Comparator.comparingDouble(SettingMeasurement::meanLatencyMillis)
            .thenComparing(m -> -recallOrZero(m))
            .thenComparing(cheaper);
    return sweep.stream()
        .filter(m -> reaches(m, targetRecall))
        .min(fastest)
        .map(m -> new Choice(m, true))
        .orElseGet(
            () ->
                new Choice(
                    sweep.stream()
                        .min(
                            Comparator.comparingDouble((SettingMeasurement m) -> -recallOrZero(m))
                                .thenComparing(fastest))
                        .orElseThrow(),
                    false));
  }

  static boolean reaches(SettingMeasurement m, double targetRecall) {
    return recallOrZero(m) >= targetRecall - RECALL_SLACK;
  }

  private static double recallOrZero(SettingMeasurement m) {
    return Double.isNaN(m.recall()) ? 0 : m.recall();
  }
}
