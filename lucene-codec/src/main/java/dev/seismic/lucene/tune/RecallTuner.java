package dev.seismic.lucene.tune;

import dev.seismic.lucene.document.SparseVector;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.search.IndexSearcher;

/**
 * Finds the fastest Seismic query setting that reaches a target recall@k on a sample of queries.
 *
 * <pre>{@code
 * TuningResult r = new RecallTuner().tune(searcher, "vector", sampleQueries, 10, 0.95);
 * Query query = r.setting().query("vector", v, 10); // query_cut, heap_factor and knn
 * }</pre>
 *
 * <p>Steps (see the package documentation): exact ground truth on the same index, a seeded split
 * into tuning and held-out queries, warm-up, a sweep of the grid on the tuning queries, the choice,
 * and a measurement of the choice on the held-out queries.
 *
 * <p>The sweep runs every setting over the tuning queries {@code passes} times, interleaved chunk
 * by chunk ({@link GridSweep}): a machine that speeds up (JIT, caches) or slows down (other load)
 * during the sweep then favours no setting. Recall comes from the first pass (single-threaded
 * search returns the same hits every time).
 *
 * <p>For single-thread latency give a searcher without an executor; with one, latencies are those
 * of the parallel search. Instances are immutable; the {@code with} methods return copies.
 */
public final class RecallTuner {

  /** Seed of the split when none is given. */
  public static final long DEFAULT_SEED = 42;

  /**
   * Half the sample is held out by default: the held-out recall is the number a user acts on, so
   * its sampling error (about 0.003 for 1,000 queries at recall 0.95) matters as much as the tuning
   * part's.
   */
  public static final double DEFAULT_HELD_OUT_FRACTION = 0.5;

  /** Two passes, the second in the reverse order (see {@link GridSweep}). */
  public static final int DEFAULT_PASSES = 2;

  /** Untimed searches before the sweep, at least; more when there are more tuning queries. */
  public static final int DEFAULT_WARM_UP_SEARCHES = 2000;

  private final List<QuerySetting> grid;
  private final long seed;
  private final double heldOutFraction;
  private final int passes;
  private final int warmUpSearches;

  /** The default grid, seed, held-out fraction, passes and warm-up. */
  public RecallTuner() {
    this(
        SettingGrid.defaults(),
        DEFAULT_SEED,
        DEFAULT_HELD_OUT_FRACTION,
        DEFAULT_PASSES,
        DEFAULT_WARM_UP_SEARCHES);
  }

  private RecallTuner(
      List<QuerySetting> grid, long seed, double heldOutFraction, int passes, int warmUpSearches) {
    if (grid.isEmpty()) {
      throw new IllegalArgumentException("the grid is empty");
    }
    if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
      throw new IllegalArgumentException(
          "the held-out fraction must be in (0, 1), got " + heldOutFraction);
    }
    if (passes < 1) {
      throw new IllegalArgumentException("passes must be at least 1, got " + passes);
    }
    if (warmUpSearches < 0) {
      throw new IllegalArgumentException("warm-up searches must be >= 0, got " + warmUpSearches);
    }
    this.grid = List.copyOf(grid);
    this.seed = seed;
    this.heldOutFraction = heldOutFraction;
    this.passes = passes;
    this.warmUpSearches = warmUpSearches;
  }

  /** The settings to sweep (see {@link SettingGrid}). */
  public RecallTuner withGrid(List<QuerySetting> grid) {
    return new RecallTuner(grid, seed, heldOutFraction, passes, warmUpSearches);
  }

  /** The seed of the tuning / held-out split. */
  public RecallTuner withSeed(long seed) {
    return new RecallTuner(grid, seed, heldOutFraction, passes, warmUpSearches);
  }

  /** The share of the queries held out, in (0, 1). */
  public RecallTuner withHeldOutFraction(double heldOutFraction) {
    return new RecallTuner(grid, seed, heldOutFraction, passes, warmUpSearches);
  }

  /** How many times each setting runs the tuning queries for its latency. */
  public RecallTuner withPasses(int passes) {
    return new RecallTuner(grid, seed, heldOutFraction, passes, warmUpSearches);
  }

  /**
   * The least number of untimed searches before the sweep (at least one per tuning query is always
   * run, so that every query's lists have been read once).
   */
  public RecallTuner withWarmUpSearches(int warmUpSearches) {
    return new RecallTuner(grid, seed, heldOutFraction, passes, warmUpSearches);
  }

  public List<QuerySetting> grid() {
    return grid;
  }

  /**
   * Tunes on {@code queries}.
   *
   * @param field a field indexed with the Seismic format
   * @param queries the sample, at least 2 vectors; how many are held out is set by {@link
   *     #withHeldOutFraction}
   * @param targetRecall the recall@k wanted, in (0, 1]
   * @throws IllegalArgumentException for bad arguments, or when no query matches any document
   */
  public TuningResult tune(
      IndexSearcher searcher, String field, List<SparseVector> queries, int k, double targetRecall)
      throws IOException {
    Objects.requireNonNull(searcher, "searcher");
    Objects.requireNonNull(field, "field");
    if (k < 1) {
      throw new IllegalArgumentException("[k] must be at least 1, got [" + k + "]");
    }
    if (!(targetRecall > 0 && targetRecall <= 1)) {
      throw new IllegalArgumentException(
          "the target recall must be in (0, 1], got " + targetRecall);
    }
    QuerySplit split = QuerySplit.of(queries.size(), heldOutFraction, seed);
    ExactTruth truth = ExactTruth.compute(searcher, field, queries, k);
    int withoutHits = 0;
    for (int q = 0; q < queries.size(); q++) {
      if (!truth.hasHits(q)) {
        withoutHits++;
      }
    }
    if (withoutHits == queries.size()) {
      throw new IllegalArgumentException(
          "no query matches any document in field \"" + field + "\": nothing to tune on");
    }
    SettingMeasurer measurer = new SettingMeasurer(searcher, field, queries, k, truth);
    measurer.warmUp(grid, split.tuning(), Math.max(warmUpSearches, split.tuning().length));

    List<SettingMeasurement> sweep = GridSweep.run(measurer, grid, split.tuning(), passes);

    SettingChooser.Choice choice = SettingChooser.choose(sweep, targetRecall);
    QuerySetting chosen = choice.measurement().setting();
    SettingMeasurer.Pass held = measurer.run(chosen, split.heldOut());
    for (int pass = 1; pass < passes; pass++) {
      held = held.plus(measurer.run(chosen, split.heldOut()), false);
    }
    return new TuningResult(
        targetRecall,
        k,
        choice.reached(),
        choice.measurement(),
        held.toMeasurement(chosen, split.heldOut().length),
        sweep,
        withoutHits,
        measurer.exactLatencyMillis(split.heldOut()));
  }
}
