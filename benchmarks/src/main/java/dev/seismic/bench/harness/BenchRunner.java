package dev.seismic.bench.harness;

import dev.seismic.bench.data.VectorStream;
import dev.seismic.bench.demo.IndexDirectory;
import dev.seismic.bench.lucene.DocOrdinals;
import dev.seismic.bench.lucene.IndexBuilder;
import dev.seismic.bench.lucene.PeakHeap;
import dev.seismic.bench.lucene.Queries;
import dev.seismic.bench.lucene.SegmentLayout;
import dev.seismic.bench.report.Format;
import dev.seismic.bench.report.IndexFileSizes;
import dev.seismic.bench.report.Latencies;
import dev.seismic.bench.report.Progress;
import dev.seismic.bench.report.SeismicBuildLog;
import dev.seismic.bench.truth.BruteForce;
import dev.seismic.bench.truth.PairScores;
import dev.seismic.bench.truth.Recall;
import dev.seismic.bench.truth.TopK;
import dev.seismic.bench.truth.WeightMode;
import dev.seismic.lucene.codecs.SeismicStats;
import dev.seismic.lucene.document.BuildParams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.FSDirectory;

/**
 * Runs the comparison: builds the plain {@code FeatureField} baseline index once and a Seismic
 * index per build setting, then per Seismic index measures every query setting (and, with the first
 * index, Lucene exact and brute force) side by side: latency on one thread with the systems in a
 * shuffled order for each query, then throughput on all threads, then recall from the timed pass's
 * results.
 *
 * <p>Lucene exact runs on the baseline index: the {@code FeatureField} disjunction a user would
 * otherwise run, on the index they would otherwise build (its postings are the same as the Seismic
 * index's delegate postings). It and brute force do not depend on Seismic's build parameters, so
 * they are measured once, alongside the first build setting.
 */
public final class BenchRunner {

  private final BenchConfig config;
  private final PrintStream log;

  public BenchRunner(BenchConfig config, PrintStream log) {
    this.config = config;
    this.log = log;
  }

  /** One system's timed pass and throughput, kept until recall can be computed. */
  private record Measured(
      SearchSystem system,
      String kind,
      String index,
      Integer queryCut,
      Float heapFactor,
      Integer knn,
      long[] nanos,
      int[][] hits,
      double qps,
      double docsScored) {}

  /**
   * @param bruteForce the in-memory exact searcher if one was already built, else null
   */
  public BenchResults.Run[] runAll(
      BenchData data, BruteForce bruteForce, List<BenchResults.Index> indexesOut)
      throws IOException {
    BenchDataset ds = data.dataset();
    int numQueries = ds.queries().size();
    List<Measured> measured = new ArrayList<>();

    Path baselineDir = IndexDirectory.prepare(config.workDir().resolve("baseline"));
    try (FSDirectory baselineFs = FSDirectory.open(baselineDir)) {
      log.println("building the plain FeatureField baseline index ...");
      BenchResults.Index baseline =
          build(baselineFs, "baseline", IndexBuilder.Kind.FEATURE_FIELD, BuildParams.DEFAULTS, ds);
      long beforeOpen = HeapProbe.usedAfterGc();
      try (DirectoryReader baselineReader = DirectoryReader.open(baselineFs)) {
        long afterOpen = HeapProbe.usedAfterGc();
        SearchSystem exact = null;
        if (config.exact()) {
          exact =
              new LuceneSystem(
                  "Lucene exact (FeatureField, MaxScore)",
                  searcher(baselineReader),
                  Queries.exact(ds.queries()),
                  config.k(),
                  DocOrdinals.read(baselineReader));
        }
        SearchSystem brute = null;
        if (config.bruteForce()) {
          if (bruteForce == null) {
            log.println("building the in-memory brute-force index ...");
            bruteForce = BruteForce.index(ds.documents(), WeightMode.ORIGINAL);
          }
          brute = new BruteForceSystem(bruteForce, ds.queries(), config.k());
        }
        for (int b = 0; b < config.builds().size(); b++) {
          List<SearchSystem> extra = new ArrayList<>();
          if (b == 0 && exact != null) {
            extra.add(exact);
          }
          if (b == 0 && brute != null) {
            extra.add(brute);
          }
          indexesOut.add(runBuild(b, ds, extra, measured));
        }
        long afterSearches = HeapProbe.usedAfterGc();
        indexesOut.add(
            0, withHeap(baseline, new BenchResults.Heap(beforeOpen, afterOpen, afterSearches, 0)));
      }
    } finally {
      if (!config.keepIndexes()) {
        IndexDirectory.deleteTree(baselineDir);
      }
    }
    return recalls(ds, data.truth(), measured, numQueries);
  }

  /** Builds Seismic index {@code b}, measures its query settings (and {@code extra}) on it. */
  private BenchResults.Index runBuild(
      int b, BenchDataset ds, List<SearchSystem> extra, List<Measured> measured)
      throws IOException {
    BuildParams params = config.builds().get(b);
    String id = "b" + b;
    Path dir = IndexDirectory.prepare(config.workDir().resolve("seismic-" + id));
    try (FSDirectory fs = FSDirectory.open(dir)) {
      log.println("building Seismic index " + id + " (" + params + ") ...");
      BenchResults.Index index = build(fs, id, IndexBuilder.Kind.SEISMIC, params, ds);
      long beforeOpen = HeapProbe.usedAfterGc();
      try (DirectoryReader reader = DirectoryReader.open(fs)) {
        long afterOpen = HeapProbe.usedAfterGc();
        List<BenchResults.SeismicSegment> segments = new ArrayList<>();
        long seismicHeap = 0;
        for (SeismicStats.Segment s : SeismicStats.of(reader, IndexBuilder.VECTOR_FIELD)) {
          var st = s.build();
          segments.add(
              new BenchResults.SeismicSegment(
                  s.segment(),
                  s.maxDoc(),
                  st.numTerms(),
                  st.numEntries(),
                  st.postingsPerList(),
                  st.numPostings(),
                  st.numBlocks(),
                  st.numSummaryEntries(),
                  s.heapBytes()));
          seismicHeap += s.heapBytes();
        }
        IndexSearcher searcher = searcher(reader);
        int[] docToOrd = DocOrdinals.read(reader);
        List<SearchSystem> systems = new ArrayList<>();
        List<List<Query>> seismicQueries = new ArrayList<>();
        List<Integer> cuts = new ArrayList<>();
        List<Float> factors = new ArrayList<>();
        List<Integer> knns = new ArrayList<>();
        for (int qc : config.queryCuts()) {
          for (float hf : config.heapFactors()) {
            for (int knn : config.knns()) {
              String name =
                  String.format(Locale.ROOT, "Seismic %s qc=%d hf=%s", id, qc, hf)
                      + (config.refines() ? " knn=" + knn : "");
              List<Query> queries = Queries.seismic(ds.queries(), config.k(), qc, hf, knn);
              systems.add(new LuceneSystem(name, searcher, queries, config.k(), docToOrd));
              seismicQueries.add(queries);
              cuts.add(qc);
              factors.add(hf);
              knns.add(knn);
            }
          }
        }
        int numSeismic = systems.size();
        systems.addAll(extra);
        int numQueries = ds.queries().size();
        log.printf(
            Locale.ROOT,
            "timing %d configurations on one thread (%s queries each, %s warm-up searches) ...%n",
            systems.size(),
            Format.count(numQueries),
            Format.count(config.warmUpSearches()));
        LatencyBench.Result lat = LatencyBench.run(systems, numQueries, config.warmUpSearches());
        int tq = Math.min(numQueries, config.throughputQueries());
        Progress through = Progress.start("throughput", systems.size());
        for (int i = 0; i < systems.size(); i++) {
          SearchSystem s = systems.get(i);
          double qps = ThroughputBench.run(s, tq, config.threads());
          through.accept(i + 1);
          boolean seismic = i < numSeismic;
          measured.add(
              new Measured(
                  s,
                  seismic
                      ? "seismic"
                      : (s instanceof BruteForceSystem ? "brute-force" : "lucene-exact"),
                  seismic ? id : (s instanceof BruteForceSystem ? null : "baseline"),
                  seismic ? cuts.get(i) : null,
                  seismic ? factors.get(i) : null,
                  seismic ? knns.get(i) : null,
                  lat.nanos()[i],
                  lat.hits()[i],
                  qps,
                  seismic
                      ? WorkProbe.meanScoredDocuments(searcher, seismicQueries.get(i))
                      : Double.NaN));
        }
        through.done();
        long afterSearches = HeapProbe.usedAfterGc();
        return withHeap(
            index,
            new BenchResults.Heap(beforeOpen, afterOpen, afterSearches, seismicHeap),
            segments);
      }
    } finally {
      if (!config.keepIndexes()) {
        IndexDirectory.deleteTree(dir);
      }
    }
  }

  private BenchResults.Index build(
      FSDirectory fs, String id, IndexBuilder.Kind kind, BuildParams params, BenchDataset ds)
      throws IOException {
    VectorStream docs = ds.documents();
    Progress p = Progress.start("indexing " + id, ds.numDocs());
    IndexBuilder.Timing t =
        new IndexBuilder(Codec.getDefault(), params, config.ramBufferMb())
            .kind(kind)
            .layout(config.layout())
            .build(fs, docs, p);
    p.done();
    Map<String, Long> sizes = IndexFileSizes.byExtension(fs);
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    double graphMillis = SeismicBuildLog.graphMillis(t.seismicLog());
    String last =
        config.layout().mode() == SegmentLayout.Mode.SEGMENTS
            ? ""
            : ", " + config.layout().finalStep() + " " + Format.seconds(t.mergeNanos());
    log.printf(
        Locale.ROOT,
        "  %s: add %s, flush %s (%d segments)%s; %d segments (layout %s)%s; %s; peak heap after"
            + " GC %s of %s%n",
        id,
        Format.seconds(t.addNanos()),
        Format.seconds(t.commitNanos()),
        t.segmentsBeforeMerge(),
        last,
        t.segments(),
        config.layout(),
        graphMillis > 0
            ? "; knn graph " + Format.seconds((long) (graphMillis * 1e6)) + " of it"
            : "",
        Format.bytes(total),
        Format.bytes(t.peakHeapBytes()),
        Format.bytes(PeakHeap.maxHeap()));
    return new BenchResults.Index(
        id,
        kind == IndexBuilder.Kind.SEISMIC ? "seismic" : "feature-field",
        kind == IndexBuilder.Kind.SEISMIC ? params.toString() : null,
        t.addNanos() / 1e9,
        t.commitNanos() / 1e9,
        t.segmentsBeforeMerge(),
        t.mergeNanos() / 1e9,
        graphMillis / 1e3,
        t.segments(),
        sizes,
        total,
        null,
        List.of(),
        t.seismicLog(),
        t.peakHeapBytes(),
        PeakHeap.maxHeap());
  }

  private static IndexSearcher searcher(DirectoryReader reader) {
    IndexSearcher s = new IndexSearcher(reader); // no executor: each search on its caller's thread
    s.setQueryCache(null); // every timed search does its full work
    return s;
  }

  private static BenchResults.Index withHeap(BenchResults.Index i, BenchResults.Heap heap) {
    return withHeap(i, heap, i.seismicSegments());
  }

  private static BenchResults.Index withHeap(
      BenchResults.Index i, BenchResults.Heap heap, List<BenchResults.SeismicSegment> segments) {
    return new BenchResults.Index(
        i.id(),
        i.kind(),
        i.params(),
        i.addSeconds(),
        i.flushSeconds(),
        i.segmentsBeforeMerge(),
        i.mergeSeconds(),
        i.graphSeconds(),
        i.segments(),
        i.sizes(),
        i.totalBytes(),
        heap,
        segments,
        i.seismicLog(),
        i.peakHeapBytes(),
        i.maxHeapBytes());
  }

  /**
   * Recall of every measured system, against the float truth and against Lucene exact. The exact
   * scores it needs (of every document a system returned, to recognise ties with the k-th) come
   * from one more pass over the documents.
   */
  private BenchResults.Run[] recalls(
      BenchDataset ds, TopK[] truth, List<Measured> measured, int numQueries) throws IOException {
    log.println("scoring the returned documents exactly, for recall ...");
    List<int[][]> hitLists = new ArrayList<>();
    for (Measured m : measured) {
      hitLists.add(m.hits());
    }
    PairScores scores = PairScores.compute(ds.documents(), ds.queries(), hitLists);
    TopK[] luceneExact = null;
    for (Measured m : measured) {
      if (m.kind().equals("lucene-exact")) {
        luceneExact = new TopK[numQueries];
        for (int q = 0; q < numQueries; q++) {
          // Scores in the index's weights, for recognising ties with the k-th result.
          var scorer = scores.forQuery(q, WeightMode.INDEX_ENCODED);
          int[] docs = m.hits()[q];
          float[] s = new float[docs.length];
          for (int i = 0; i < docs.length; i++) {
            s[i] = (float) scorer.applyAsDouble(docs[i]);
          }
          luceneExact[q] = new TopK(docs, s);
        }
      }
    }
    BenchResults.Run[] runs = new BenchResults.Run[measured.size()];
    for (int i = 0; i < runs.length; i++) {
      Measured m = measured.get(i);
      Recall recall = scores.recall(truth, m.hits(), config.k(), WeightMode.ORIGINAL);
      double vsLucene =
          luceneExact == null
              ? Double.NaN
              : scores.recall(luceneExact, m.hits(), config.k(), WeightMode.INDEX_ENCODED).mean();
      Latencies l = Latencies.of(m.nanos());
      runs[i] =
          new BenchResults.Run(
              m.system().name(),
              m.kind(),
              m.index(),
              m.queryCut(),
              m.heapFactor(),
              m.knn(),
              recall.mean(),
              vsLucene,
              l.meanNanos() / 1e6,
              l.p50Nanos() / 1e6,
              l.p99Nanos() / 1e6,
              m.qps(),
              m.docsScored());
    }
    return runs;
  }
}
