package dev.seismic.lucene.tune;

import dev.seismic.lucene.document.SparseVector;
import java.util.List;
import java.util.Map;
import org.apache.lucene.tests.util.LuceneTestCase;

/** The choice on made-up sweeps, where every number is known. */
public class TestSettingChooser extends LuceneTestCase {

  private static SettingMeasurement m(int cut, float factor, double recall, double ms) {
    return new SettingMeasurement(new QuerySetting(cut, factor), recall, ms, 100);
  }

  private static final List<SettingMeasurement> SWEEP =
      List.of(
          m(3, 0.9f, 0.80, 0.10),
          m(4, 0.7f, 0.93, 0.15),
          m(5, 0.6f, 0.96, 0.20),
          m(8, 0.6f, 0.97, 0.19), // faster than 5/0.6 and more accurate: noise, but it wins
          m(10, 0.5f, 0.99, 0.40),
          m(20, 0.4f, 0.995, 0.90));

  public void testFastestReachingTheTarget() {
    assertEquals(
        new QuerySetting(8, 0.6f), SettingChooser.choose(SWEEP, 0.95).measurement().setting());
    assertEquals(
        new QuerySetting(10, 0.5f), SettingChooser.choose(SWEEP, 0.99).measurement().setting());
    assertTrue(SettingChooser.choose(SWEEP, 0.99).reached());
  }

  public void testLowerTargetIsNeverSlower() {
    double previous = Double.POSITIVE_INFINITY;
    for (double target = 0.995; target > 0.5; target -= 0.005) {
      SettingChooser.Choice c = SettingChooser.choose(SWEEP, target);
      assertTrue(c.reached());
      assertTrue(c.measurement().recall() >= target - 1e-9);
      assertTrue(c.measurement().meanLatencyMillis() <= previous);
      previous = c.measurement().meanLatencyMillis();
    }
    assertEquals(
        new QuerySetting(3, 0.9f), SettingChooser.choose(SWEEP, 0.8).measurement().setting());
  }

  public void testUnreachableTargetGivesTheMostAccurate() {
    SettingChooser.Choice c = SettingChooser.choose(SWEEP, 0.999);
    assertFalse(c.reached());
    assertEquals(new QuerySetting(20, 0.4f), c.measurement().setting());
  }

  public void testRecallSummedInDoubleStillReaches() {
    double almost = 0.95 - 1e-12; // e.g. a mean of tenths that lost a last bit
    List<SettingMeasurement> sweep = List.of(m(4, 0.7f, almost, 0.1), m(8, 0.5f, 1.0, 0.3));
    assertEquals(
        new QuerySetting(4, 0.7f), SettingChooser.choose(sweep, 0.95).measurement().setting());
  }

  public void testLatencyTieGoesToHigherRecallThenCheaperSetting() {
    List<SettingMeasurement> sweep =
        List.of(m(8, 0.5f, 0.97, 0.2), m(4, 0.7f, 0.97, 0.2), m(6, 0.6f, 0.98, 0.2));
    assertEquals(
        new QuerySetting(6, 0.6f), SettingChooser.choose(sweep, 0.95).measurement().setting());
    sweep = List.of(m(8, 0.5f, 0.97, 0.2), m(4, 0.7f, 0.97, 0.2));
    assertEquals(
        new QuerySetting(4, 0.7f), SettingChooser.choose(sweep, 0.95).measurement().setting());
  }

  public void testGraphSettingsCompeteOnLatencyAndTiesGoToNoGraph() {
    SettingMeasurement plain = m(8, 0.5f, 0.99, 0.34);
    SettingMeasurement refined =
        new SettingMeasurement(new QuerySetting(12, 0.6f, 10), 0.986, 0.27, 100);
    SettingMeasurement refinedTie =
        new SettingMeasurement(new QuerySetting(8, 0.5f, 10), 0.99, 0.34, 100);
    List<SettingMeasurement> sweep = List.of(refinedTie, plain, refined);
    assertEquals(
        new QuerySetting(12, 0.6f, 10),
        SettingChooser.choose(sweep, 0.985).measurement().setting());
    assertEquals(plain.setting(), SettingChooser.choose(sweep, 0.99).measurement().setting());
  }

  public void testGridCrossesKnn() {
    List<QuerySetting> grid = SettingGrid.of(List.of(2, 4), List.of(0.7f), List.of(0, 5));
    assertEquals(
        List.of(
            new QuerySetting(2, 0.7f),
            new QuerySetting(2, 0.7f, 5),
            new QuerySetting(4, 0.7f),
            new QuerySetting(4, 0.7f, 5)),
        grid);
    assertEquals(
        "\"k\": 10, \"query_cut\": 2, \"heap_factor\": 0.7, \"knn\": 5",
        grid.get(1).asQueryParameters(10));
    assertEquals(
        "\"k\": 10, \"query_cut\": 2, \"heap_factor\": 0.7", grid.get(0).asQueryParameters(10));
    SparseVector v = SparseVector.of("f", Map.of("a", 1f));
    assertEquals(5, grid.get(1).query("f", v, 10).getKnn());
    assertEquals(0, grid.get(0).query("f", v, 10).getKnn());
    expectThrows(IllegalArgumentException.class, () -> new QuerySetting(2, 0.7f, -1));
  }
}
