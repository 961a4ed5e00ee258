package dev.seismic.lucene.tune;

import java.util.List;
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
}
