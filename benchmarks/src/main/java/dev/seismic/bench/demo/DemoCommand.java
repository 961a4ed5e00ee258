package dev.seismic.bench.demo;

import dev.seismic.bench.cli.BuildOptions;
import dev.seismic.bench.cli.DataOptions;
import dev.seismic.bench.cli.SearchOptions;
import dev.seismic.bench.data.Dataset;
import dev.seismic.bench.lucene.DocOrdinals;
import dev.seismic.bench.lucene.IndexBuilder;
import dev.seismic.bench.lucene.Queries;
import dev.seismic.bench.lucene.QueryRunner;
import dev.seismic.bench.report.Format;
import dev.seismic.bench.report.IndexFileSizes;
import dev.seismic.bench.report.Latencies;
import dev.seismic.bench.report.Progress;
import dev.seismic.bench.report.SeismicBuildLog;
import dev.seismic.bench.report.TextTable;
import dev.seismic.bench.truth.BruteForce;
import dev.seismic.bench.truth.Recall;
import dev.seismic.bench.truth.TopK;
import dev.seismic.bench.truth.WeightMode;
import dev.seismic.lucene.document.BuildParams;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.FSDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The end-to-end demo: index real (or generated) vectors with the Seismic postings format, then
 * compare Seismic's approximate search with Lucene's exact search on recall and latency.
 *
 * <p>Recall is measured three ways, because two effects mix: the index keeps weights with ~9
 * significant bits (which changes rankings a little even for an exact search), and Seismic prunes
 * and skips (which is what is being evaluated). Seismic vs exact Lucene isolates the second;
 * against brute force on the original floats it shows the total.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Index real SPLADE vectors (or a generated set when the shared data is absent) with the"
          + " Seismic postings format; print index size, recall@k and single-thread latency of"
          + " Seismic vs Lucene's exact search."
    })
public final class DemoCommand implements Callable<Integer> {

  @Mixin DataOptions data;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      description = "Index directory, wiped first (default: ${DEFAULT-VALUE}).",
      defaultValue = "target/seismic-demo-index")
  Path index;

  @Option(
      names = "--queries",
      paramLabel = "N",
      description = "Queries to run (default: all 6,980 real ones; 1,000 generated ones).")
  Integer queries;

  @Mixin SearchOptions search;

  @Mixin BuildOptions build;

  @Option(
      names = "--ram-buffer-mb",
      paramLabel = "MB",
      description = "IndexWriter RAM buffer (default: ${DEFAULT-VALUE}).",
      defaultValue = "1024")
  double ramBufferMb;

  @Option(
      names = "--warm-up-searches",
      paramLabel = "N",
      description =
          "Untimed searches of each kind before timing; the query set is repeated to reach it,"
              + " and always run at least once (default: ${DEFAULT-VALUE}).",
      defaultValue = "2000")
  int warmUpSearches;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads for reading data and brute-force ground truth; searches are always"
              + " single-threaded (default: all cores).")
  Integer threads;

  private final PrintStream out;

  public DemoCommand() {
    this(System.out);
  }

  DemoCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (nThreads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + nThreads);
    }
    BuildParams params = build.params();
    int k = search.k();
    search.knn(); // a bad value fails before the slow part

    // Checked before the slow part, so a bad --index fails at once.
    Path dir = IndexDirectory.prepare(index);
    System.err.println("loading data ...");
    long t0 = System.nanoTime();
    Dataset ds = data.load(queries, nThreads);
    long loadNanos = System.nanoTime() - t0;
    String tag = "[" + ds.label() + "]";
    printHeader(ds, params, k, nThreads);

    System.err.println("indexing " + Format.count(ds.documents().size()) + " documents ...");
    Progress indexing = Progress.start("indexing", ds.documents().size());
    IndexBuilder.Timing timing;
    try (FSDirectory fs = FSDirectory.open(dir)) {
      timing =
          new IndexBuilder(Codec.getDefault(), params, ramBufferMb)
              .build(fs, ds.documents(), indexing);
      indexing.done();
      printBuildTimes(ds, loadNanos, timing, dir, params);
      printSizes(fs, tag);

      System.err.println("computing exact top-" + k + " by brute force ...");
      long g0 = System.nanoTime();
      BruteForce floats = new BruteForce(ds.documents(), WeightMode.ORIGINAL);
      BruteForce encoded = new BruteForce(ds.documents(), WeightMode.INDEX_ENCODED);
      TopK[] truthFloat = floats.search(ds.queries(), k, nThreads);
      TopK[] truthEncoded = encoded.search(ds.queries(), k, nThreads);
      long truthNanos = System.nanoTime() - g0;

      try (DirectoryReader reader = DirectoryReader.open(fs)) {
        IndexSearcher searcher = new IndexSearcher(reader); // no executor: one thread
        searcher.setQueryCache(null); // every timed search does the full work
        int[] docToOrd = DocOrdinals.read(reader);
        QueryRunner runner = new QueryRunner(searcher, docToOrd);
        List<Query> seismic =
            Queries.seismic(ds.queries(), k, search.queryCut(), search.heapFactor(), search.knn());
        List<Query> exact = Queries.exact(ds.queries());

        System.err.println("searching " + Format.count(seismic.size()) + " queries ...");
        warmUp(runner, seismic, exact, k, warmUpSearches);
        settle();
        Progress timed = Progress.start("timed searches", seismic.size());
        QueryRunner.Run[] runs = runner.runPaired(seismic, exact, k, timed);
        timed.done();
        QueryRunner.Run seismicRun = runs[0];
        QueryRunner.Run exactRun = runs[1];

        printLatency(seismicRun, exactRun, tag, k);
        printRecall(ds, k, tag, truthFloat, truthEncoded, floats, encoded, seismicRun, exactRun);
        out.printf(
            Locale.ROOT,
            "%nBrute-force ground truth took %s on %d threads (float and index weights).%n",
            Format.seconds(truthNanos),
            nThreads);
      }
    }
    return 0;
  }

  /**
   * Collects the garbage of the previous phases (data loading, brute force, warm-up) so that its
   * collection does not land in the timed pass.
   */
  private static void settle() {
    System.gc();
  }

  /**
   * Lets the JIT compile both search paths before timing: one pass over all queries of each kind,
   * repeated until each has run {@code minSearches} searches.
   */
  private static void warmUp(
      QueryRunner runner, List<Query> seismic, List<Query> exact, int k, int minSearches)
      throws java.io.IOException {
    int passes = Math.max(1, -Math.floorDiv(-minSearches, seismic.size()));
    Progress w = Progress.start("warm-up", passes * seismic.size());
    for (int p = 0; p < passes; p++) {
      int done = p * seismic.size();
      runner.runPaired(seismic, exact, k, i -> w.accept(done + i));
    }
    w.done();
  }

  private void printHeader(Dataset ds, BuildParams params, int k, int nThreads) {
    out.println("Seismic for Lucene: demo");
    out.println("  data       " + ds.label());
    data.fallbackReason()
        .ifPresent(r -> out.println("             (" + r + ": using generated vectors)"));
    out.println("  sources    " + ds.sources());
    out.printf(
        Locale.ROOT,
        "  documents  %s vectors, mean nnz %.1f%n",
        Format.count(ds.documents().size()),
        ds.documents().meanNnz());
    out.printf(
        Locale.ROOT,
        "  queries    %s vectors, mean nnz %.1f%n",
        Format.count(ds.queries().size()),
        ds.queries().meanNnz());
    out.println("  build      " + params);
    out.printf(
        Locale.ROOT,
        "  search     k=%d, query_cut=%d, heap_factor=%s%s; single thread, warmed up, Seismic"
            + " and exact alternating query by query%n",
        k,
        search.queryCut(),
        search.heapFactor(),
        search.knn() == 0 ? "" : ", knn=" + search.knn());
    out.printf(
        Locale.ROOT,
        "  machine    %d cores, Java %s, max heap %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version().feature(),
        Format.bytes(Runtime.getRuntime().maxMemory()));
  }

  private void printBuildTimes(
      Dataset ds, long loadNanos, IndexBuilder.Timing t, Path dir, BuildParams params) {
    out.println();
    out.println("Indexing into " + dir);
    double docsPerSecond = ds.documents().size() / (t.addNanos() / 1e9);
    TextTable table = new TextTable("  ");
    table
        .leftAligned(2)
        .row("load data", Format.seconds(loadNanos), "")
        .row(
            "add documents",
            Format.seconds(t.addNanos()),
            String.format(Locale.ROOT, "%,.0f docs/s", docsPerSecond))
        .row(
            "flush + commit",
            Format.seconds(t.commitNanos()),
            t.segmentsBeforeMerge() + " segment(s)")
        .row(
            "forceMerge(1) + commit",
            Format.seconds(t.mergeNanos()),
            t.segmentsBeforeMerge() == 1
                ? "nothing to merge (lower --ram-buffer-mb to exercise merging)"
                : "");
    if (params.nknn() > 0) {
      table.row(
          "  of which knn graph",
          Format.seconds((long) (SeismicBuildLog.graphMillis(t.seismicLog()) * 1e6)),
          "nknn=" + params.nknn() + ", every flush and merge");
    }
    table.print(out);
  }

  private void printSizes(FSDirectory fs, String tag) throws java.io.IOException {
    Map<String, Long> sizes = IndexFileSizes.byExtension(fs);
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    out.println();
    out.println("Index size by file extension " + tag);
    TextTable table = new TextTable("  ").row("ext", "size", "bytes", "share");
    sizes.forEach(
        (ext, bytes) ->
            table.row(
                ext,
                Format.bytes(bytes),
                Format.count(bytes),
                Format.percent(bytes / (double) total)));
    table.row("total", Format.bytes(total), Format.count(total), "");
    table.print(out);
  }

  private void printLatency(QueryRunner.Run seismic, QueryRunner.Run exact, String tag, int k) {
    Latencies s = Latencies.of(seismic.nanos());
    Latencies e = Latencies.of(exact.nanos());
    out.println();
    out.printf(
        Locale.ROOT,
        "Latency per query, ms (%s queries, top-%d, single thread) %s%n",
        Format.count(s.count()),
        k,
        tag);
    new TextTable("  ")
        .row("", "mean", "p50", "p99")
        .row(
            "Seismic",
            Format.millis(s.meanNanos()),
            Format.millis(s.p50Nanos()),
            Format.millis(s.p99Nanos()))
        .row(
            "exact Lucene",
            Format.millis(e.meanNanos()),
            Format.millis(e.p50Nanos()),
            Format.millis(e.p99Nanos()))
        .row(
            "speed-up",
            Format.ratio(e.meanNanos() / s.meanNanos()),
            Format.ratio(e.p50Nanos() / (double) s.p50Nanos()),
            "")
        .print(out);
  }

  private void printRecall(
      Dataset ds,
      int k,
      String tag,
      TopK[] truthFloat,
      TopK[] truthEncoded,
      BruteForce floats,
      BruteForce encoded,
      QueryRunner.Run seismic,
      QueryRunner.Run exact) {
    TopK[] exactLucene = new TopK[exact.hits().length];
    for (int q = 0; q < exactLucene.length; q++) {
      exactLucene[q] = new TopK(exact.hits()[q], exact.scores()[q]);
    }
    Recall seismicVsExact = Recall.of(exactLucene, seismic.hits(), k, encoded, ds.queries());
    Recall seismicVsFloat = Recall.of(truthFloat, seismic.hits(), k, floats, ds.queries());
    Recall exactVsFloat = Recall.of(truthFloat, exact.hits(), k, floats, ds.queries());
    Recall exactVsEncoded = Recall.of(truthEncoded, exact.hits(), k, encoded, ds.queries());

    out.println();
    out.printf(Locale.ROOT, "Recall@%d %s%n", k, tag);
    new TextTable("  ")
        .row(
            "Seismic vs exact Lucene (same 9-bit index weights)",
            Format.recall(seismicVsExact.mean()))
        .row(
            "Seismic vs brute force on the original float weights",
            Format.recall(seismicVsFloat.mean()))
        .row(
            "exact Lucene vs brute force on float weights (9-bit ceiling)",
            Format.recall(exactVsFloat.mean()))
        .row(
            "exact Lucene vs brute force on index weights (sanity, expect 1)",
            Format.recall(exactVsEncoded.mean()))
        .print(out);
    out.printf(
        Locale.ROOT,
        "  A result tying the k-th exact score within a relative %.0e counts as a hit.%n",
        Recall.TIE_TOLERANCE);
    if (seismicVsFloat.skipped() > 0) {
      out.printf(
          Locale.ROOT,
          "  %d queries share no token with any document and are left out.%n",
          seismicVsFloat.skipped());
    }
  }
}
