package dev.seismic.bench.harness;

import dev.seismic.bench.cache.GroundTruthCache;
import dev.seismic.bench.cache.VectorSetCache;
import dev.seismic.bench.data.Dataset;
import dev.seismic.bench.data.GeneratedData;
import dev.seismic.bench.data.MergedPoolGenerator;
import dev.seismic.bench.data.RealPool;
import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.truth.BruteForce;
import dev.seismic.bench.truth.TopK;
import dev.seismic.bench.truth.WeightMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads the benchmark's data: the real SPLADE++ ED pool and MS MARCO dev queries, and from them
 * either the pool itself or a larger set generated from it ({@link MergedPoolGenerator}); or, when
 * there is no shared data folder, the labelled synthetic set. Generated documents and the exact
 * ground truth are cached under the cache folder, keyed by everything they depend on.
 */
public final class BenchDataLoader {

  /**
   * What to load.
   *
   * @param sharedData the shared data folder, or empty for the synthetic set
   * @param generator parameters of generated documents; null to use the real pool as it is
   * @param syntheticDocs documents of the synthetic set (used only without shared data)
   * @param queries how many queries (from the start of the query file)
   * @param truthK depth of the exact ground truth
   * @param threads threads for reading and brute force
   * @param cacheDir where generated sets and ground truth are cached
   */
  public record Request(
      Optional<Path> sharedData,
      MergedPoolGenerator.Params generator,
      int syntheticDocs,
      long seed,
      int queries,
      int truthK,
      int threads,
      Path cacheDir) {}

  private final PrintStream log;
  private BruteForce bruteForce;

  public BenchDataLoader(PrintStream log) {
    this.log = log;
  }

  /** The brute-force searcher built for the truth, if it had to be computed (null otherwise). */
  public BruteForce bruteForce() {
    return bruteForce;
  }

  public BenchData load(Request r) throws IOException {
    long t0 = System.nanoTime();
    Dataset ds;
    String key;
    boolean docsCached = false;
    if (r.sharedData().isEmpty()) {
      log.println("no shared data: using the synthetic (not learned) set");
      ds = GeneratedData.generate(r.seed(), r.syntheticDocs(), r.queries());
      key = ds.name() + "-q" + r.queries();
    } else {
      log.println("reading the real SPLADE++ ED pool and queries ...");
      Dataset pool = RealPool.load(r.sharedData().get(), r.queries(), r.threads());
      String queriesKey = "q" + pool.queries().size() + "-" + fingerprint(pool.queries());
      String poolKey = "pool-" + fingerprint(pool.documents());
      if (r.generator() == null) {
        ds = pool;
        key = poolKey + "-" + queriesKey;
      } else {
        MergedPoolGenerator.Params p = r.generator();
        String docsKey = p.key() + "-" + poolKey;
        VectorSetCache cache = new VectorSetCache(r.cacheDir());
        docsCached = cache.contains(docsKey);
        log.println(
            (docsCached ? "reading cached" : "generating")
                + String.format(Locale.ROOT, " %,d documents from the pool ...", p.documents()));
        VectorSet docs =
            cache.getOrCompute(
                docsKey,
                new TokenInterner(),
                () -> MergedPoolGenerator.generate(pool.documents(), p));
        ds =
            new Dataset(
                "merged-pool-" + p.documents(),
                MergedPoolGenerator.LABEL,
                MergedPoolGenerator.describe(p, pool.documents().size())
                    + "; queries: "
                    + RealPool.QUERY_FILE,
                docs,
                pool.queries());
        key = docsKey + "-" + queriesKey;
      }
    }
    long loadNanos = System.nanoTime() - t0;

    String truthKey = key + "-k" + r.truthK() + "-" + WeightMode.ORIGINAL;
    GroundTruthCache truthCache = new GroundTruthCache(r.cacheDir());
    boolean truthCached = truthCache.contains(truthKey);
    log.println(
        (truthCached ? "reading cached" : "computing")
            + " exact top-"
            + r.truthK()
            + " (brute force on float weights) ...");
    long t1 = System.nanoTime();
    Dataset data = ds;
    TopK[] truth =
        truthCache.getOrCompute(
            truthKey,
            () -> {
              bruteForce = new BruteForce(data.documents(), WeightMode.ORIGINAL);
              return bruteForce.search(data.queries(), r.truthK(), r.threads());
            });
    long truthNanos = System.nanoTime() - t1;
    if (truth.length != ds.queries().size()) {
      throw new IllegalStateException(
          "cached truth holds " + truth.length + " queries, expected " + ds.queries().size());
    }
    return new BenchData(
        ds,
        key,
        truth,
        r.truthK(),
        loadNanos,
        truthNanos,
        truthCached && bruteForce == null,
        docsCached);
  }

  /**
   * A short hash of a vector set's content (sizes, ids, tokens and weight bits), so a cache entry
   * made from other data (an updated shared folder) is not reused.
   */
  static String fingerprint(VectorSet set) {
    long h = 1125899906842597L;
    for (int v = 0; v < set.size(); v++) {
      h = 31 * h + set.id(v).hashCode();
      String[] tokens = set.tokens(v);
      float[] weights = set.weights(v);
      for (int i = 0; i < tokens.length; i++) {
        h = 31 * h + tokens[i].hashCode();
        h = 31 * h + Float.floatToIntBits(weights[i]);
      }
    }
    return set.size() + "x" + Long.toHexString(h);
  }
}
