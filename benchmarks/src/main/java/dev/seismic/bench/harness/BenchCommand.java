package dev.seismic.bench.harness;

import dev.seismic.bench.cli.InputOptions;
import dev.seismic.bench.cli.SearchOptions;
import dev.seismic.bench.data.CooccurrenceGenerator;
import dev.seismic.bench.data.MergedPoolGenerator;
import dev.seismic.bench.data.PoolGenerator;
import dev.seismic.bench.data.RealPool;
import dev.seismic.bench.data.SharedData;
import dev.seismic.bench.lucene.SegmentLayout;
import dev.seismic.lucene.document.BuildParams;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code bench} command: options in, {@link BenchRunner} run, reports out. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare Seismic (a sweep of build and query settings), Lucene's exact FeatureField search"
          + " and brute force on the same data in one run: recall@k, single-thread latency,"
          + " throughput, build time, index size and heap. Writes results.json, results.md and"
          + " recall-latency.png to <results-dir>/<name>/.",
      "",
      "Documents: the real SPLADE++ ED pool (default), or with --docs a larger set generated from"
          + " it (--generator merged or cooccur), or a file of your own (--docs-file); queries: the"
          + " real MS MARCO dev vectors or a file (--queries-file). Generated and file documents"
          + " are streamed, never held in memory; the exact ground truth is computed in chunks and"
          + " cached under the cache folder.",
      ""
    },
    footer = {
      "",
      "The full run (1M documents, all 6,980 queries):",
      "  ./seismic cli bench --docs 1000000 --name msmarco-dev-1m"
    })
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The shared data folder (default: found beside the checkout).")
  Path data;

  @Option(
      names = "--docs",
      paramLabel = "N",
      description =
          "Generate N documents from the real pool (default: the pool itself, ~57k); with"
              + " --docs-file, read its first N.")
  Integer docs;

  @Option(
      names = "--docs-file",
      paramLabel = "FILE",
      description =
          "Documents from a vector file (Seismic JSONL, pretokenized-impact TSV or Seismic binary;"
              + " see --format, --scale, --vocab) instead of the shared data; --docs N reads the"
              + " first N.")
  Path docsFile;

  @Option(
      names = "--queries-file",
      paramLabel = "FILE",
      description =
          "Queries from a vector file instead of the MS MARCO dev vectors; --queries N reads the"
              + " first N (default: all).")
  Path queriesFile;

  @Mixin InputOptions inputOptions = new InputOptions();

  @Option(
      names = "--synthetic",
      description =
          "Use the synthetic (not learned) set even if real"
              + " data is available; used anyway when there is none.")
  boolean synthetic;

  @Option(
      names = "--synthetic-docs",
      paramLabel = "N",
      defaultValue = "20000",
      description = "Documents of the synthetic set (default: ${DEFAULT-VALUE}).")
  int syntheticDocs;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed of generated documents (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--generator",
      paramLabel = "NAME",
      defaultValue = "merged",
      description = {
        "How --docs N documents are made from the real pool: merged (each the max-merge of"
            + " --min-merge..--max-merge real vectors of one source file) or cooccur (each one"
            + " real vector, reweighted and thinned, plus --expansion co-occurring tokens per"
            + " token drawn through the pool's term co-occurrence) (default: ${DEFAULT-VALUE})."
      })
  String generatorName;

  @Option(
      names = "--min-merge",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Fewest real vectors merged per generated document (default: ${DEFAULT-VALUE}).")
  int minMerge;

  @Option(
      names = "--max-merge",
      paramLabel = "N",
      defaultValue = "4",
      description = "Most real vectors merged per generated document (default: ${DEFAULT-VALUE}).")
  int maxMerge;

  @Option(
      names = "--pool-stride",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Generate --docs documents from every N-th vector of the real pool only, so that each"
              + " source vector appears in N times as many documents, as it does in a set N"
              + " times larger (default: ${DEFAULT-VALUE}, the whole pool).")
  int poolStride;

  @Option(
      names = "--expansion",
      paramLabel = "F",
      defaultValue = "1.0",
      description =
          "cooccur: co-occurring tokens added per token of the seed vector (default:"
              + " ${DEFAULT-VALUE}).")
  double expansion;

  @Option(
      names = "--weight-noise",
      paramLabel = "S",
      defaultValue = "0.3",
      description =
          "cooccur: every weight is multiplied by exp(S·N(0,1)) (default: ${DEFAULT-VALUE}).")
  double weightNoise;

  @Option(
      names = "--max-terms",
      paramLabel = "N",
      defaultValue = "130",
      description = "Tokens kept per generated document (default: ${DEFAULT-VALUE}).")
  int maxTerms;

  @Option(
      names = "--queries",
      paramLabel = "N",
      description =
          "Queries, from the start of the file (default: all "
              + RealPool.QUERY_COUNT
              + "; 1,000 synthetic).")
  Integer queries;

  @Option(
      names = "--k",
      paramLabel = "K",
      defaultValue = "10",
      description = "Hits per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--truth-k",
      paramLabel = "K",
      defaultValue = "100",
      description =
          "Depth of the cached exact ground truth, at least --k (default: ${DEFAULT-VALUE}).")
  int truthK;

  @Option(
      names = "--query-cut",
      paramLabel = "N",
      split = ",",
      defaultValue = "5,10,20",
      description = "query_cut values to sweep (default: ${DEFAULT-VALUE}).")
  List<Integer> queryCuts;

  @Option(
      names = "--heap-factor",
      paramLabel = "F",
      split = ",",
      defaultValue = "0.5,0.7,0.9",
      description = "heap_factor values to sweep (default: ${DEFAULT-VALUE}).")
  List<Float> heapFactors;

  @Option(
      names = "--knn",
      paramLabel = "N",
      split = ",",
      defaultValue = "0",
      description =
          "knn values to sweep, crossed with --query-cut and --heap-factor: graph neighbours of"
              + " each best hit scored (0: none; needs an index with a graph, see --nknn)"
              + " (default: ${DEFAULT-VALUE}).")
  List<Integer> knns;

  @Option(
      names = "--nknn",
      paramLabel = "N",
      description =
          "κ of every Seismic index's κ-NN graph (neighbours stored per document), unless its"
              + " --build names nknn (default: 0, no graph).")
  Integer nknn;

  @Option(
      names = "--build",
      paramLabel = "SPEC",
      description = {
        "A Seismic build setting, e.g. n_postings=6000,summary_energy=0.5 (unnamed parameters keep"
            + " their defaults; 'default' for all defaults). Repeat to sweep; each one is a"
            + " re-index (default: one build with the defaults)."
      })
  List<String> builds;

  @Option(
      names = "--warm-up",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Untimed searches per configuration before timing (default: ${DEFAULT-VALUE}).")
  int warmUp;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads for throughput, data loading and brute force (default: all cores).")
  Integer threads;

  @Option(
      names = "--throughput-queries",
      paramLabel = "N",
      description = "Queries per throughput pass (default: all).")
  Integer throughputQueries;

  @Option(
      names = "--ram-buffer-mb",
      paramLabel = "MB",
      defaultValue = "1024",
      description = "IndexWriter RAM buffer (default: ${DEFAULT-VALUE}).")
  double ramBufferMb;

  @Option(
      names = "--layout",
      paramLabel = "LAYOUT",
      defaultValue = "merged",
      description = {
        "Segments of every index, Seismic and baseline alike: merged (forceMerge(1)),"
            + " segments:N (N segments of equal document count, no merging) or natural (what"
            + " TieredMergePolicy leaves with --ram-buffer-mb, no forceMerge) (default:"
            + " ${DEFAULT-VALUE})."
      })
  String layout;

  @Option(names = "--no-exact", description = "Leave out Lucene exact.")
  boolean noExact;

  @Option(names = "--no-brute-force", description = "Leave out brute force as a system.")
  boolean noBruteForce;

  @Option(
      names = "--brute-force-max-docs",
      paramLabel = "N",
      defaultValue = "1000000",
      description =
          "Leave out brute force as a system above N documents: its in-memory index takes ~8"
              + " bytes per non-zero (the ground truth is computed in bounded memory anyway)"
              + " (default: ${DEFAULT-VALUE}).")
  int bruteForceMaxDocs;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Results folder name (default: from the data and sizes).")
  String name;

  @Option(
      names = "--results-dir",
      paramLabel = "DIR",
      description = "Where result folders go (default: benchmarks/results).")
  Path resultsDir;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Generated sets and ground truth (default: benchmarks/target/cache).")
  Path cacheDir;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where indexes are built (default: benchmarks/target/bench-work).")
  Path workDir;

  @Option(names = "--keep-indexes", description = "Keep the indexes built (default: deleted).")
  boolean keepIndexes;

  private final PrintStream out;

  public BenchCommand() {
    this(System.out);
  }

  BenchCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    List<BuildParams> buildParams = validate(nThreads);
    SegmentLayout segmentLayout = SegmentLayout.parse(layout);
    Optional<Path> shared =
        docsFile != null && queriesFile != null ? Optional.empty() : sharedData();
    PoolGenerator generator = docs == null || docsFile != null ? null : generator(docs);
    int numQueries =
        queries != null
            ? queries
            : queriesFile != null
                ? Integer.MAX_VALUE
                : shared.isPresent() ? RealPool.QUERY_COUNT : 1_000;

    Path cache = cacheDir != null ? cacheDir : RepoPaths.cache();
    BenchDataLoader loader = new BenchDataLoader(System.err);
    BenchData bd =
        loader.load(
            new BenchDataLoader.Request(
                shared,
                generator,
                syntheticDocs,
                seed,
                numQueries,
                Math.max(k, truthK),
                nThreads,
                cache,
                docsFile == null ? null : inputOptions.input(docsFile),
                docsFile == null || docs == null ? Integer.MAX_VALUE : docs,
                queriesFile == null ? null : inputOptions.input(queriesFile),
                noBruteForce ? 0 : bruteForceMaxDocs,
                poolStride));
    int numDocs = bd.dataset().numDocs();
    boolean bruteForceSystem = !noBruteForce && numDocs <= bruteForceMaxDocs;
    String bruteForceNote =
        bruteForceSystem
            ? "measured"
            : noBruteForce
                ? "left out (--no-brute-force)"
                : String.format(
                    Locale.ROOT,
                    "left out: %,d documents, more than --brute-force-max-docs %,d (its in-memory"
                        + " index takes ~8 bytes per non-zero)",
                    numDocs,
                    bruteForceMaxDocs);
    String runName =
        name != null ? name : bd.dataset().name() + "-q" + bd.dataset().queries().size();
    if (!runName.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "--name may hold letters, digits, '.', '_' and '-' only, got '" + runName + "'");
    }
    Path work = (workDir != null ? workDir : RepoPaths.work()).resolve(runName);
    BenchConfig config =
        new BenchConfig(
            runName,
            command(),
            k,
            warmUp,
            nThreads,
            throughputQueries == null ? bd.dataset().queries().size() : throughputQueries,
            buildParams,
            queryCuts,
            heapFactors,
            knns,
            ramBufferMb,
            segmentLayout,
            !noExact,
            bruteForceSystem,
            work,
            keepIndexes);
    List<BenchResults.Index> indexes = new ArrayList<>();
    BenchResults.Run[] runs =
        new BenchRunner(config, System.err).runAll(bd, loader.bruteForce(), indexes);

    var ds = bd.dataset();
    BenchResults results =
        new BenchResults(
            new BenchResults.Setup(
                runName,
                config.command(),
                k,
                ds.queries().size(),
                warmUp,
                nThreads,
                Math.min(config.throughputQueries(), ds.queries().size()),
                queryCuts,
                heapFactors,
                knns,
                ramBufferMb,
                segmentLayout.toString(),
                bruteForceNote,
                startedAt.toString(),
                (System.nanoTime() - start) / 1e9),
            MachineInfo.describe(),
            new BenchResults.Data(
                ds.label(),
                ds.sources(),
                bd.key(),
                ds.numDocs(),
                ds.documents().meanNnz(),
                ds.queries().size(),
                ds.queries().meanNnz(),
                bd.loadNanos() / 1e9,
                bd.truthK(),
                bd.truthNanos() / 1e9,
                bd.truthCached()),
            indexes.get(0),
            indexes.subList(1, indexes.size()),
            List.of(runs));
    Path dir = (resultsDir != null ? resultsDir : RepoPaths.results()).resolve(runName);
    Files.createDirectories(dir);
    JsonReport.write(results, dir.resolve("results.json"));
    RecallLatencyPlot.write(results, dir.resolve("recall-latency.png"));
    MarkdownReport.write(results, dir.resolve("results.md"), "recall-latency.png");
    out.print(MarkdownReport.render(results, null));
    System.err.println("results in " + dir);
    return 0;
  }

  /** The generator --generator names, for {@code n} documents. */
  private PoolGenerator generator(int n) {
    return switch (generatorName.trim().toLowerCase(Locale.ROOT)) {
      case "merged" -> new MergedPoolGenerator.Params(n, seed, minMerge, maxMerge, maxTerms);
      case "cooccur" -> new CooccurrenceGenerator.Params(n, seed, expansion, weightNoise, maxTerms);
      default ->
          throw new IllegalArgumentException(
              "--generator must be merged or cooccur, got '" + generatorName + "'");
    };
  }

  private List<BuildParams> validate(int nThreads) {
    positive("--k", k);
    positive("--threads", nThreads);
    if (truthK < 1) {
      throw new IllegalArgumentException("--truth-k must be >= 1, got " + truthK);
    }
    if (poolStride < 1) {
      throw new IllegalArgumentException("--pool-stride must be >= 1, got " + poolStride);
    }
    if (queries != null) {
      positive("--queries", queries);
      if (queries > RealPool.QUERY_COUNT && !synthetic && queriesFile == null) {
        throw new IllegalArgumentException(
            "--queries: the query file holds " + RealPool.QUERY_COUNT + ", got " + queries);
      }
    }
    if (throughputQueries != null) {
      positive("--throughput-queries", throughputQueries);
    }
    positive("--synthetic-docs", syntheticDocs);
    if (bruteForceMaxDocs < 0) {
      throw new IllegalArgumentException(
          "--brute-force-max-docs must be >= 0, got " + bruteForceMaxDocs);
    }
    if (docs != null) {
      positive("--docs", docs);
    }
    if (synthetic && (docsFile != null || queriesFile != null)) {
      throw new IllegalArgumentException(
          "--synthetic cannot be combined with --docs-file or --queries-file");
    }
    if (warmUp < 0) {
      throw new IllegalArgumentException("--warm-up must be >= 0, got " + warmUp);
    }
    if (!(ramBufferMb > 0)) {
      throw new IllegalArgumentException("--ram-buffer-mb must be > 0, got " + ramBufferMb);
    }
    for (int qc : queryCuts) {
      positive("--query-cut", qc);
    }
    for (float hf : heapFactors) {
      if (!(hf > 0 && hf <= 1)) {
        throw new IllegalArgumentException("--heap-factor values must be in (0, 1], got " + hf);
      }
    }
    for (int knn : knns) {
      SearchOptions.checkKnn(knn);
    }
    if (nknn != null && (nknn < 0 || nknn > BuildParams.MAX_NKNN)) {
      throw new IllegalArgumentException(
          "--nknn must be in [0, " + BuildParams.MAX_NKNN + "], got " + nknn);
    }
    List<BuildParams> out = new ArrayList<>();
    for (String spec : builds == null ? List.of("default") : builds) {
      out.add(parseBuild(spec, nknn));
    }
    return out;
  }

  /** "default", or comma-separated name=value pairs with Seismic's parameter names. */
  static BuildParams parseBuild(String spec) {
    return parseBuild(spec, null);
  }

  /**
   * As {@link #parseBuild(String)}, with κ {@code nknn} when the spec does not name nknn itself
   * (null: the spec's or the default).
   */
  static BuildParams parseBuild(String spec, Integer nknn) {
    if (spec.isBlank() || spec.trim().equals("default")) {
      return nknn == null ? BuildParams.DEFAULTS : BuildParams.DEFAULTS.withNknn(nknn);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--build '"
                + spec
                + "': expected name=value pairs separated by commas, got '"
                + pair
                + "'");
      }
      values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    if (nknn != null) {
      values.putIfAbsent(BuildParams.NKNN, nknn.toString());
    }
    try {
      return BuildParams.fromMap(values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--build '" + spec + "': " + e.getMessage(), e);
    }
  }

  private Optional<Path> sharedData() throws NoSuchFileException {
    if (synthetic) {
      return Optional.empty();
    }
    if (data != null) {
      if (!Files.isDirectory(data)) {
        throw new NoSuchFileException(data.toString(), null, "--data is not a directory");
      }
      return Optional.of(data);
    }
    Optional<Path> found = SharedData.locate();
    if (found.isEmpty()) {
      System.err.println("warning: no shared data folder found; the synthetic set is used");
    }
    return found;
  }

  /** The command as typed (arguments quoted where the shell would need it). */
  private String command() {
    // The top-level parse result's arguments start with the subcommand's name.
    StringBuilder sb = new StringBuilder("./seismic cli");
    CommandLine top = spec.commandLine();
    while (top.getParent() != null) {
      top = top.getParent();
    }
    List<String> args =
        top.getParseResult() != null
            ? top.getParseResult().originalArgs()
            : spec.commandLine().getParseResult().originalArgs();
    if (top == spec.commandLine()) {
      sb.append(" bench"); // run on its own (tests): the name is not among the arguments
    }
    for (String a : args) {
      sb.append(' ')
          .append(a.matches("[A-Za-z0-9_./=,:-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  private static void positive(String option, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(option + " must be >= 1, got " + v);
    }
  }
}
