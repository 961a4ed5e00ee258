package dev.seismic.bench.harness;

import dev.seismic.bench.cache.GroundTruthCache;
import dev.seismic.bench.cache.VectorSetCache;
import dev.seismic.bench.data.Dataset;
import dev.seismic.bench.data.GeneratedData;
import dev.seismic.bench.data.ImpactTsvReader;
import dev.seismic.bench.data.MergedPoolGenerator;
import dev.seismic.bench.data.RealPool;
import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorFiles;
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
   * @param docsFile documents from a file instead (null: the pool, generated or synthetic ones)
   * @param docsLimit read at most this many documents of {@code docsFile}
   * @param queriesFile queries from a file instead (null: the real or synthetic queries)
   */
  public record Request(
      Optional<Path> sharedData,
      MergedPoolGenerator.Params generator,
      int syntheticDocs,
      long seed,
      int queries,
      int truthK,
      int threads,
      Path cacheDir,
      VectorFiles.Input docsFile,
      int docsLimit,
      VectorFiles.Input queriesFile) {

    /** The data of the shared folder (or the synthetic set), no files. */
    public Request(
        Optional<Path> sharedData,
        MergedPoolGenerator.Params generator,
        int syntheticDocs,
        long seed,
        int queries,
        int truthK,
        int threads,
        Path cacheDir) {
      this(
          sharedData,
          generator,
          syntheticDocs,
          seed,
          queries,
          truthK,
          threads,
          cacheDir,
          null,
          Integer.MAX_VALUE,
          null);
    }
  }

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
    Loaded l = data(r);
    Dataset ds = l.dataset();
    String key = l.docsKey() + "-" + l.queriesKey();
    boolean docsCached = l.docsCached();
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

  /** The data, its documents' and queries' cache keys, and whether the documents were cached. */
  private record Loaded(Dataset dataset, String docsKey, String queriesKey, boolean docsCached) {}

  private Loaded data(Request r) throws IOException {
    if (r.docsFile() != null || r.queriesFile() != null) {
      return loadFiles(r);
    }
    if (r.sharedData().isEmpty()) {
      log.println("no shared data: using the synthetic (not learned) set");
      Dataset ds = GeneratedData.generate(r.seed(), r.syntheticDocs(), r.queries());
      return new Loaded(ds, ds.name(), "q" + r.queries(), false);
    }
    log.println("reading the real SPLADE++ ED pool and queries ...");
    Dataset pool = RealPool.load(r.sharedData().get(), r.queries(), r.threads());
    String queriesKey = "q" + pool.queries().size() + "-" + fingerprint(pool.queries());
    String poolKey = "pool-" + fingerprint(pool.documents());
    if (r.generator() == null) {
      return new Loaded(pool, poolKey, queriesKey, false);
    }
    MergedPoolGenerator.Params p = r.generator();
    String docsKey = p.key() + "-" + poolKey;
    VectorSetCache cache = new VectorSetCache(r.cacheDir());
    boolean docsCached = cache.contains(docsKey);
    log.println(
        (docsCached ? "reading cached" : "generating")
            + String.format(Locale.ROOT, " %,d documents from the pool ...", p.documents()));
    VectorSet docs =
        cache.getOrCompute(
            docsKey, new TokenInterner(), () -> MergedPoolGenerator.generate(pool.documents(), p));
    Dataset ds =
        new Dataset(
            "merged-pool-" + p.documents(),
            MergedPoolGenerator.LABEL,
            MergedPoolGenerator.describe(p, pool.documents().size())
                + "; queries: "
                + RealPool.QUERY_FILE,
            docs,
            pool.queries());
    return new Loaded(ds, docsKey, queriesKey, docsCached);
  }

  /**
   * Documents or queries (or both) from files; the other side from the shared data folder (the real
   * pool or a set generated from it, the real queries).
   */
  private Loaded loadFiles(Request r) throws IOException {
    TokenInterner interner = new TokenInterner();
    VectorSet queries;
    String queriesSource;
    if (r.queriesFile() != null) {
      log.println("reading queries from " + r.queriesFile().file() + " ...");
      queries = VectorFiles.read(r.queriesFile(), interner, r.queries());
      queriesSource = r.queriesFile().file().toString();
    } else if (r.sharedData().isPresent()) {
      log.println("reading the real MS MARCO dev queries ...");
      queries =
          ImpactTsvReader.read(RealPool.queryFile(r.sharedData().get()), "", interner, r.queries());
      queriesSource = RealPool.QUERY_FILE;
    } else {
      throw new IllegalArgumentException(
          "--docs-file without --queries-file needs the shared data folder (its MS MARCO dev"
              + " queries); give --queries-file");
    }
    if (queries.size() == 0) {
      throw new IllegalArgumentException("no queries in " + queriesSource);
    }
    String queriesKey = "q" + queries.size() + "-" + fingerprint(queries);
    if (r.docsFile() != null) {
      Path file = r.docsFile().file();
      log.println("reading documents from " + file + " ...");
      VectorSet docs = VectorFiles.read(r.docsFile(), interner, r.docsLimit());
      if (docs.size() == 0) {
        throw new IllegalArgumentException("no documents in " + file);
      }
      String name = "file-" + stem(file);
      String sources =
          String.format(
              Locale.ROOT,
              "documents: %s (%,d vectors); queries: %s",
              file,
              docs.size(),
              queriesSource);
      return new Loaded(
          new Dataset(name, FILE_LABEL, sources, docs, queries),
          name + "-" + fingerprint(docs),
          queriesKey,
          false);
    }
    if (r.sharedData().isEmpty()) {
      throw new IllegalArgumentException(
          "--queries-file without --docs-file needs the shared data folder (documents in the"
              + " same vocabulary); give --docs-file");
    }
    // Documents from the shared folder (the pool or generated from it), queries from the file.
    Request shared =
        new Request(
            r.sharedData(),
            r.generator(),
            r.syntheticDocs(),
            r.seed(),
            1,
            r.truthK(),
            r.threads(),
            r.cacheDir());
    Loaded pool = data(shared);
    Dataset p = pool.dataset();
    return new Loaded(
        new Dataset(
            p.name(),
            p.label(),
            p.sources().substring(0, p.sources().lastIndexOf("; queries: "))
                + "; queries: "
                + queriesSource,
            p.documents(),
            queries),
        pool.docsKey(),
        "file-" + queriesKey,
        pool.docsCached());
  }

  /** The label of documents read from a file. */
  public static final String FILE_LABEL = "vectors read from a file";

  /** A file's name without its extensions, safe in file names. */
  static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.indexOf('.');
    if (dot > 0) {
      n = n.substring(0, dot);
    }
    return n.replaceAll("[^A-Za-z0-9_-]", "_");
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
