package dev.seismic.bench.cli;

import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.lucene.IndexBuilder;
import dev.seismic.bench.report.Format;
import dev.seismic.bench.report.TextTable;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.tune.QuerySetting;
import dev.seismic.lucene.tune.QuerySplit;
import dev.seismic.lucene.tune.RecallTuner;
import dev.seismic.lucene.tune.SettingGrid;
import dev.seismic.lucene.tune.SettingMeasurement;
import dev.seismic.lucene.tune.TuningResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.FSDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tune}: the fastest query setting that reaches a recall target on a sample of the user's
 * queries, through {@link RecallTuner}. The sampling of the file is here; everything else (ground
 * truth, split, sweep, choice, held-out check) is the Lucene API's, so that the CLI and an
 * application tuning in-process get the same answer.
 */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Find the fastest query setting (query_cut, heap_factor) that reaches a target recall@k on"
          + " an index made by 'index'. A random sample of the query file is split into a tuning"
          + " part and a held-out part; the ground truth is Lucene's exact search on the same"
          + " index; every setting of a grid is run on the tuning part (one thread, after a"
          + " warm-up), the fastest one reaching the target is chosen, and it is run again on the"
          + " held-out part, whose recall is the estimate to trust. Prints the sweep, the choice"
          + " and the query parameters to use.",
      ""
    })
public final class TuneCommand implements Callable<Integer> {

  @Option(names = "--index", paramLabel = "DIR", required = true, description = "The index.")
  Path index;

  @Option(
      names = "--queries",
      paramLabel = "FILE",
      required = true,
      description = "Query vectors like the ones the index will serve.")
  Path queriesFile;

  @Mixin InputOptions inputOptions;

  @Option(
      names = "--target-recall",
      paramLabel = "R",
      required = true,
      description = "The recall@k wanted, in (0, 1], against exact search on the same index.")
  double targetRecall;

  @Option(
      names = "--k",
      paramLabel = "K",
      defaultValue = "10",
      description = "Results per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--sample",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Queries drawn at random from the file, tuning and held-out together (default:"
              + " ${DEFAULT-VALUE}; all of them when the file has fewer).")
  int sample;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "" + RecallTuner.DEFAULT_SEED,
      description = "Seed of the sample and of the split (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--held-out",
      paramLabel = "F",
      defaultValue = "" + RecallTuner.DEFAULT_HELD_OUT_FRACTION,
      description = "Share of the sample held out for validation (default: ${DEFAULT-VALUE}).")
  double heldOut;

  @Option(
      names = "--passes",
      paramLabel = "P",
      defaultValue = "" + RecallTuner.DEFAULT_PASSES,
      description =
          "Timed runs of the tuning queries per setting, alternating the grid's direction"
              + " (default: ${DEFAULT-VALUE}).")
  int passes;

  @Option(
      names = "--query-cuts",
      paramLabel = "N,...",
      split = ",",
      description = "query_cut values to sweep (default: 3,4,5,6,8,10,13,16,20).")
  List<Integer> queryCuts;

  @Option(
      names = "--heap-factors",
      paramLabel = "F,...",
      split = ",",
      description = "heap_factor values to sweep (default: 0.4,0.5,0.6,0.65,0.7,0.8,0.9,1.0).")
  List<Float> heapFactors;

  @Option(
      names = "--knn",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Also sweep every setting with this many graph neighbours scored per best hit, from the"
              + " segments' κ-NN graphs (an index built with --nknn): the tuner then chooses"
              + " between knn 0 and N; 0 sweeps knn 0 only (default: ${DEFAULT-VALUE}).")
  int knn;

  @Option(
      names = "--field",
      paramLabel = "F",
      defaultValue = IndexBuilder.VECTOR_FIELD,
      description = "The Seismic field (default: ${DEFAULT-VALUE}, the one 'index' writes).")
  String field;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (k < 1) {
      throw new IllegalArgumentException("--k must be >= 1, got " + k);
    }
    if (!(targetRecall > 0 && targetRecall <= 1)) {
      throw new IllegalArgumentException("--target-recall must be in (0, 1], got " + targetRecall);
    }
    if (sample < 2) {
      throw new IllegalArgumentException("--sample must be >= 2, got " + sample);
    }
    SearchOptions.checkKnn(knn);
    if (!Files.isDirectory(index)) {
      throw new NoSuchFileException(index.toString(), null, "no index directory there");
    }
    List<QuerySetting> grid =
        SettingGrid.of(
            queryCuts == null ? SettingGrid.DEFAULT_QUERY_CUTS : queryCuts,
            heapFactors == null ? SettingGrid.DEFAULT_HEAP_FACTORS : heapFactors,
            knn == 0 ? List.of(0) : List.of(0, knn));
    RecallTuner tuner =
        new RecallTuner()
            .withGrid(grid)
            .withSeed(seed)
            .withHeldOutFraction(heldOut)
            .withPasses(passes);

    VectorSet file = inputOptions.read(queriesFile, new TokenInterner(), Integer.MAX_VALUE);
    List<SparseVector> nonEmpty = new ArrayList<>();
    for (int i = 0; i < file.size(); i++) {
      if (file.nnz(i) > 0) { // an empty vector is no query (SeismicQuery refuses it)
        nonEmpty.add(vector(field, file, i));
      }
    }
    List<SparseVector> queries = new ArrayList<>();
    for (int i : QuerySplit.sample(nonEmpty.size(), sample, seed)) {
      queries.add(nonEmpty.get(i));
    }

    PrintWriter out = spec.commandLine().getOut();
    try (FSDirectory fs = FSDirectory.open(index);
        DirectoryReader reader = DirectoryReader.open(fs)) {
      // No executor: the latencies are single-thread ones. No query cache: every search of the
      // sweep does its full work, as a user's first search of a query does.
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setQueryCache(null);
      out.printf(
          Locale.ROOT,
          "index %s: %s documents in %d segment%s; queries %s: %s vectors%s, %s sampled (seed"
              + " %d), %s held out; k = %d%s, target recall %s; sweeping %d settings%n",
          index,
          Format.count(reader.numDocs()),
          reader.leaves().size(),
          reader.leaves().size() == 1 ? "" : "s",
          queriesFile,
          Format.count(file.size()),
          nonEmpty.size() == file.size()
              ? ""
              : " (" + Format.count(file.size() - nonEmpty.size()) + " empty, left out)",
          Format.count(queries.size()),
          seed,
          Format.percent(heldOut),
          k,
          knn == 0 ? "" : ", knn 0 and " + knn,
          targetRecall,
          grid.size());
      out.flush();
      long start = System.nanoTime();
      TuningResult result = tuner.tune(searcher, field, queries, k, targetRecall);
      print(out, result, System.nanoTime() - start);
    }
    return 0;
  }

  private static SparseVector vector(String field, VectorSet set, int i) {
    try {
      return SparseVector.of(field, set.tokens(i), set.weights(i));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("query " + set.id(i) + ": " + e.getMessage(), e);
    }
  }

  private void print(PrintWriter out, TuningResult r, long nanos) {
    out.printf(
        Locale.ROOT,
        "%nsweep on the %s tuning queries (recall@%d against exact search; mean ms of one"
            + " search, one thread, %d pass%s):%n",
        Format.count(r.tuning().queries()),
        r.k(),
        passes,
        passes == 1 ? "" : "es");
    // A knn column only when the sweep tried the graph, so that other sweeps print as before.
    boolean withKnn = r.sweep().stream().anyMatch(m -> m.setting().knn() > 0);
    TextTable table = new TextTable("  ");
    List<String> header = new ArrayList<>(List.of("query_cut", "heap_factor"));
    if (withKnn) {
      header.add("knn");
    }
    header.addAll(List.of("recall@" + r.k(), "mean ms", ""));
    table.row(header.toArray(String[]::new));
    table.leftAligned(header.size() - 1);
    for (SettingMeasurement m : r.sweep()) {
      boolean reaches = m.recall() >= r.targetRecall() - 1e-9;
      String mark =
          m.setting().equals(r.setting()) ? "<- chosen" : reaches ? "reaches the target" : "";
      List<String> row =
          new ArrayList<>(
              List.of(
                  Integer.toString(m.setting().queryCut()),
                  Float.toString(m.setting().heapFactor())));
      if (withKnn) {
        row.add(Integer.toString(m.setting().knn()));
      }
      row.addAll(
          List.of(
              Format.recall(m.recall()),
              String.format(Locale.ROOT, "%.3f", m.meanLatencyMillis()),
              mark));
      table.row(row.toArray(String[]::new));
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream tableOut = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    table.print(tableOut);
    out.print(buffer.toString(StandardCharsets.UTF_8));

    QuerySetting s = r.setting();
    out.printf(
        Locale.ROOT,
        "%nchosen: query_cut %d, heap_factor %s%s: %s%n",
        s.queryCut(),
        s.heapFactor(),
        s.knn() == 0 ? "" : ", knn " + s.knn(),
        r.targetReached()
            ? "the fastest setting reaching recall " + r.targetRecall() + " on the tuning queries"
            : "NO setting of the grid reaches recall "
                + r.targetRecall()
                + "; this is the most accurate (widen the grid with --query-cuts and"
                + " --heap-factors, or lower the target)");
    out.printf(
        Locale.ROOT,
        "  tuning queries:   recall@%d %s, mean %.3f ms (%s queries)%n",
        r.k(),
        Format.recall(r.tuningRecall()),
        r.tuningLatencyMillis(),
        Format.count(r.tuning().queries()));
    out.printf(
        Locale.ROOT,
        "  held-out queries: recall@%d %s, mean %.3f ms (%s queries, not used for the choice)%n",
        r.k(),
        Format.recall(r.heldOutRecall()),
        r.heldOutLatencyMillis(),
        Format.count(r.heldOut().queries()));
    out.printf(
        Locale.ROOT,
        "  exact search (Lucene's FeatureField disjunction) on the held-out queries: mean %.3f ms"
            + " (%.1fx the chosen setting's)%n",
        r.exactLatencyMillis(),
        r.exactLatencyMillis() / r.heldOutLatencyMillis());
    if (r.queriesWithoutHits() > 0) {
      out.printf(
          Locale.ROOT,
          "  (%s sampled queries match no document: timed, left out of recall)%n",
          Format.count(r.queriesWithoutHits()));
    }
    out.printf(Locale.ROOT, "tuned in %s%n", Format.seconds(nanos));
    out.println();
    out.println("query parameters:");
    out.println(s.asQueryParameters(r.k()));
    out.printf(
        Locale.ROOT,
        "(cli search: --k %d --query-cut %d --heap-factor %s%s)%n",
        r.k(),
        s.queryCut(),
        s.heapFactor(),
        s.knn() == 0 ? "" : " --knn " + s.knn());
    out.flush();
  }
}
