package dev.seismic.lucene.tune;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures every setting of a grid on the tuning queries, interleaved so that a change in the
 * machine's speed during the sweep does not favour some settings.
 *
 * <p>The tuning queries are cut into chunks of {@value #CHUNK} queries; every setting runs a chunk
 * before any runs the next one. A burst of load from another process (a few seconds) then slows
 * every setting alike, where running each setting over all queries at once would charge it to the
 * few settings that happened to run during it. Within a chunk round the settings' order rotates
 * from chunk to chunk and is reversed on odd passes, so no setting always runs first (after a
 * pause) or right after another (warm caches). Chunks of a few different queries rather than one
 * query at a time: a setting searching the query the previous setting just searched would find its
 * lists in the CPU's caches, which a real stream of different queries does not.
 *
 * <p>Recall comes from the first pass (single-threaded search returns the same hits every time);
 * latency is the mean over every search of every pass.
 */
final class GridSweep {

  /** Queries per chunk. */
  static final int CHUNK = 20;

  private GridSweep() {}

  static List<SettingMeasurement> run(
      SettingMeasurer measurer, List<QuerySetting> grid, int[] tuning, int passes)
      throws IOException {
    int n = grid.size();
    SettingMeasurer.Pass[] sums = new SettingMeasurer.Pass[n];
    int chunks = (tuning.length + CHUNK - 1) / CHUNK;
    for (int pass = 0; pass < passes; pass++) {
      for (int c = 0; c < chunks; c++) {
        int[] chunk =
            Arrays.copyOfRange(tuning, c * CHUNK, Math.min(tuning.length, (c + 1) * CHUNK));
        for (int j = 0; j < n; j++) {
          int rotated = (j + c) % n;
          int i = pass % 2 == 0 ? rotated : n - 1 - rotated;
          SettingMeasurer.Pass p = measurer.run(grid.get(i), chunk);
          sums[i] = sums[i] == null ? p : sums[i].plus(p, pass == 0);
        }
      }
    }
    List<SettingMeasurement> sweep = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sweep.add(sums[i].toMeasurement(grid.get(i), tuning.length));
    }
    return sweep;
  }
}
