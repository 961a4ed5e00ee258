package dev.seismic.bench.harness;

import dev.seismic.bench.cache.GroundTruthCache;
import dev.seismic.bench.data.CountedStream;
import dev.seismic.bench.data.Dataset;
import dev.seismic.bench.data.GeneratedData;
import dev.seismic.bench.data.ImpactTsvReader;
import dev.seismic.bench.data.PoolGenerator;
import dev.seismic.bench.data.RealPool;
import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorFiles;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.data.VectorStream;
import dev.seismic.bench.report.Progress;
import dev.seismic.bench.truth.BruteForce;
import dev.seismic.bench.truth.StreamingTruth;
import dev.seismic.bench.truth.TopK;
import dev.seismic.bench.truth.WeightMode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads the benchmark's data: the real SPLADE++ ED pool and MS MARCO dev queries, and from them
 * either the pool itself or a larger set generated from it (a {@link PoolGenerator}); or vector
 * files; or, when there is no shared data folder, the labelled synthetic set. Generated and file
 * documents are never held in memory: they come as a stream, made again (or read again) for each
 * pass. The exact ground truth is computed in one streaming pass ({@link StreamingTruth}) and
 * cached under the cache folder, keyed by everything it depends on.
 */
public final class BenchDataLoader {

  /** Documents per chunk of the streaming ground truth (~250 MB of vectors and index at most). */
  public static final int TRUTH_CHUNK_DOCS = 1 << 17;

  /**
   * What to load.
   *
   * @param sharedData the shared data folder, or empty for the synthetic set
   * @param generator how to generate documents from the pool; null to use the real pool as it is
   * @param syntheticDocs documents of the synthetic set (used only without shared data)
   * @param queries how many queries (from the start of the query file)
   * @param truthK depth of the exact ground truth
   * @param threads threads for reading and brute force
   * @param cacheDir where the ground truth is cached
   * @param docsFile documents from a file instead (null: the pool, generated or synthetic ones)
   * @param docsLimit read at most this many documents of {@code docsFile}
   * @param queriesFile queries from a file instead (null: the real or synthetic queries)
   * @param bruteForceMaxDocs keep the ground truth's in-memory index (for the brute-force system)
   *     when there are at most this many documents; 0 never
   */
  public record Request(
      Optional<Path> sharedData,
      PoolGenerator generator,
      int syntheticDocs,
      long seed,
      int queries,
      int truthK,
      int threads,
      Path cacheDir,
      VectorFiles.Input docsFile,
      int docsLimit,
      VectorFiles.Input queriesFile,
      int bruteForceMaxDocs,
      int poolStride) {

    /** The data of the shared folder (or the synthetic set), no files. */
    public Request(
        Optional<Path> sharedData,
        PoolGenerator generator,
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
          null,
          0,
          1);
    }
  }

  private final PrintStream log;
  private BruteForce bruteForce;

  public BenchDataLoader(PrintStream log) {
    this.log = log;
  }

  /**
   * The in-memory index the truth was computed with, if it was computed in one chunk and the
   * request allowed keeping it (null otherwise).
   */
  public BruteForce bruteForce() {
    return bruteForce;
  }

  public BenchData load(Request r) throws IOException {
    long t0 = System.nanoTime();
    Loaded l = data(r);
    BenchDataset ds = l.dataset();
    String key = l.docsKey() + "-" + l.queriesKey();
    long loadNanos = System.nanoTime() - t0;

    String truthKey = key + "-k" + r.truthK() + "-" + WeightMode.ORIGINAL;
    GroundTruthCache truthCache = new GroundTruthCache(r.cacheDir());
    boolean truthCached = truthCache.contains(truthKey);
    boolean keep = ds.numDocs() <= r.bruteForceMaxDocs();
    int chunk = keep ? Math.max(1, ds.numDocs()) : TRUTH_CHUNK_DOCS;
    log.printf(
        Locale.ROOT,
        "%s exact top-%d (brute force on float weights%s) ...%n",
        truthCached ? "reading cached" : "computing",
        r.truthK(),
        truthCached || ds.numDocs() <= chunk
            ? ""
            : String.format(Locale.ROOT, ", streamed in chunks of %,d documents", chunk));
    long t1 = System.nanoTime();
    TopK[] truth =
        truthCache.getOrCompute(
            truthKey,
            () -> {
              Progress p = Progress.start("exact top-" + r.truthK(), (long) ds.numDocs());
              try {
                StreamingTruth.Result result =
                    StreamingTruth.compute(
                        ds.documents(),
                        ds.queries(),
                        r.truthK(),
                        WeightMode.ORIGINAL,
                        r.threads(),
                        chunk,
                        keep,
                        done -> p.accept((int) done));
                bruteForce = result.index();
                return result.truth();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } finally {
                p.done();
              }
            });
    long truthNanos = System.nanoTime() - t1;
    if (truth.length != ds.queries().size()) {
      throw new IllegalStateException(
          "cached truth holds " + truth.length + " queries, expected " + ds.queries().size());
    }
    return new BenchData(
        ds, key, truth, r.truthK(), loadNanos, truthNanos, truthCached && bruteForce == null);
  }

  /** The data and its documents' and queries' cache keys. */
  private record Loaded(BenchDataset dataset, String docsKey, String queriesKey) {}

  private Loaded data(Request r) throws IOException {
    if (r.docsFile() != null || r.queriesFile() != null) {
      return loadFiles(r);
    }
    if (r.sharedData().isEmpty()) {
      log.println("no shared data: using the synthetic (not learned) set");
      Dataset ds = GeneratedData.generate(r.seed(), r.syntheticDocs(), r.queries());
      return new Loaded(inMemory(ds), ds.name(), "q" + r.queries());
    }
    log.println("reading the real SPLADE++ ED pool and queries ...");
    Dataset pool = RealPool.load(r.sharedData().get(), r.queries(), r.threads());
    if (r.generator() != null && r.poolStride() > 1) {
      // Fewer source vectors: each appears in more generated documents, as in a larger set.
      pool =
          new Dataset(
              pool.name(),
              pool.label(),
              pool.sources(),
              pool.documents().every(r.poolStride()),
              pool.queries());
      log.printf(
          Locale.ROOT,
          "generating from every %d-th pool vector: %,d of them%n",
          r.poolStride(),
          pool.documents().size());
    }
    String queriesKey = "q" + pool.queries().size() + "-" + fingerprint(pool.queries());
    String poolKey = "pool-" + fingerprint(pool.documents());
    if (r.generator() == null) {
      return new Loaded(inMemory(pool), poolKey, queriesKey);
    }
    PoolGenerator p = r.generator();
    log.printf(
        Locale.ROOT,
        "documents: %,d generated from the pool as they are needed (%s)%n",
        p.documents(),
        p.key());
    BenchDataset ds =
        new BenchDataset(
            p.key().substring(0, p.key().indexOf('-')) + "-pool-" + p.documents(),
            p.label(),
            p.describe(pool.documents().size())
                + (r.poolStride() > 1
                    ? " (every " + r.poolStride() + "-th vector of the pool)"
                    : "")
                + "; queries: "
                + RealPool.QUERY_FILE,
            new CountedStream(p.stream(pool.documents())),
            p.documents(),
            pool.queries());
    return new Loaded(ds, p.key() + "-" + poolKey, queriesKey);
  }

  private static BenchDataset inMemory(Dataset ds) {
    return new BenchDataset(
        ds.name(),
        ds.label(),
        ds.sources(),
        new CountedStream(VectorStream.of(ds.documents())),
        ds.documents().size(),
        ds.queries());
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
      log.println("reading documents from " + file + " (a first pass, for their fingerprint) ...");
      VectorStream docs = VectorFiles.stream(r.docsFile(), interner, r.docsLimit());
      String fingerprint = fingerprint(docs);
      long n = docs.size();
      if (n == 0) {
        throw new IllegalArgumentException("no documents in " + file);
      }
      String name = "file-" + stem(file);
      String sources =
          String.format(
              Locale.ROOT, "documents: %s (%,d vectors); queries: %s", file, n, queriesSource);
      return new Loaded(
          new BenchDataset(name, FILE_LABEL, sources, new CountedStream(docs), (int) n, queries),
          name + "-" + fingerprint,
          queriesKey);
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
            r.cacheDir(),
            null,
            Integer.MAX_VALUE,
            null,
            0,
            r.poolStride());
    Loaded pool = data(shared);
    BenchDataset p = pool.dataset();
    return new Loaded(
        new BenchDataset(
            p.name(),
            p.label(),
            p.sources().substring(0, p.sources().lastIndexOf("; queries: "))
                + "; queries: "
                + queriesSource,
            p.documents(),
            p.numDocs(),
            queries),
        pool.docsKey(),
        "file-" + queriesKey);
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
    try {
      return fingerprint(VectorStream.of(set));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // no I/O in memory
    }
  }

  /** {@link #fingerprint(VectorSet)} of a stream, in one pass. */
  static String fingerprint(VectorStream docs) throws IOException {
    long[] h = {1125899906842597L};
    long[] n = {0};
    docs.forEach(
        (id, tokens, weights) -> {
          long x = 31 * h[0] + id.hashCode();
          for (int i = 0; i < tokens.length; i++) {
            x = 31 * x + tokens[i].hashCode();
            x = 31 * x + Float.floatToIntBits(weights[i]);
          }
          h[0] = x;
          n[0]++;
        });
    return n[0] + "x" + Long.toHexString(h[0]);
  }
}
