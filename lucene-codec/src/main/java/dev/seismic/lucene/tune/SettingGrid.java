package dev.seismic.lucene.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings a sweep tries: every {@code query_cut} with every {@code heap_factor}.
 *
 * <p>The default ranges come from the project's benchmarks (README, "Benchmarks"): recall 0.95 to
 * 0.99 on real and generated data needed {@code query_cut} 4 to 10 with {@code heap_factor} 0.6 to
 * 0.7. The grid reaches beyond that on both sides, because the user's data is not ours: small cuts
 * and large factors (3, up to 1.0) for cheap low-recall settings, large cuts and small factors (up
 * to 20, down to 0.4) for targets near the exact search's recall. Recall grows with the cut and
 * falls with the factor, so the grid's corners bound what the sweep can reach; a target beyond the
 * most accurate corner is reported as not reached.
 */
public final class SettingGrid {

  /** Query cuts of the default grid. */
  public static final List<Integer> DEFAULT_QUERY_CUTS = List.of(3, 4, 5, 6, 8, 10, 13, 16, 20);

  /** Heap factors of the default grid. */
  public static final List<Float> DEFAULT_HEAP_FACTORS =
      List.of(0.4f, 0.5f, 0.6f, 0.65f, 0.7f, 0.8f, 0.9f, 1.0f);

  private SettingGrid() {}

  /** The default grid (72 settings). */
  public static List<QuerySetting> defaults() {
    return of(DEFAULT_QUERY_CUTS, DEFAULT_HEAP_FACTORS);
  }

  /** Every cut with every factor, cut-major, in the order given; duplicates are dropped. */
  public static List<QuerySetting> of(List<Integer> queryCuts, List<Float> heapFactors) {
    return of(queryCuts, heapFactors, List.of(0));
  }

  /**
   * Every cut with every factor and every {@code knn} (κ-NN graph neighbours per best hit; 0 for
   * none), cut-major, in the order given; duplicates are dropped. Sweeping {@code knn} 0 and N on
   * an index built with a graph lets the tuner tell whether the graph pays for a target.
   */
  public static List<QuerySetting> of(
      List<Integer> queryCuts, List<Float> heapFactors, List<Integer> knns) {
    if (queryCuts.isEmpty() || heapFactors.isEmpty() || knns.isEmpty()) {
      throw new IllegalArgumentException(
          "the grid needs at least one query_cut, heap_factor and knn");
    }
    List<QuerySetting> grid = new ArrayList<>();
    for (int cut : queryCuts) {
      for (float factor : heapFactors) {
        for (int knn : knns) {
          QuerySetting s = new QuerySetting(cut, factor, knn);
          if (!grid.contains(s)) {
            grid.add(s);
          }
        }
      }
    }
    return List.copyOf(grid);
  }
}
