package dev.seismic.bench.harness;

import dev.seismic.bench.report.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The results as Markdown: the command and machine first, then the search table, the fastest
 * Seismic settings at recall thresholds, build times, index sizes by file and heap. Every figure
 * comes from {@link BenchResults}.
 */
public final class MarkdownReport {

  /** Recall thresholds for the headline rows (the issue's targets are stated at these). */
  static final double[] HEADLINE_RECALLS = {0.95, 0.90};

  private final BenchResults r;
  private final StringBuilder md = new StringBuilder();

  private MarkdownReport(BenchResults r) {
    this.r = r;
  }

  public static String render(BenchResults r, String plotFile) {
    MarkdownReport m = new MarkdownReport(r);
    m.all(plotFile);
    return m.md.toString();
  }

  public static void write(BenchResults r, Path file, String plotFile) throws IOException {
    Files.writeString(file, render(r, plotFile), StandardCharsets.UTF_8);
  }

  private void all(String plotFile) {
    var s = r.setup();
    var d = r.data();
    line("# Seismic benchmark: " + s.name());
    line("");
    line("Data: **" + d.label() + "**. " + d.sources() + ".");
    line("");
    line("Command (started " + s.startedAt() + ", took " + fmt("%.0f", s.wallSeconds()) + " s):");
    line("");
    line("```");
    line(s.command());
    line("```");
    line("");
    machine();
    data();
    headlines();
    searchTable();
    if (plotFile != null) {
      line("![recall vs latency](" + plotFile + ")");
      line("");
    }
    buildTable();
    sizeTable();
    heapTable();
    notes();
  }

  private void machine() {
    var m = r.machine();
    line("## Machine");
    line("");
    line(
        "- "
            + m.cores()
            + " cores ("
            + m.cpu()
            + "), "
            + Format.bytes(m.ramBytes())
            + " RAM, "
            + m.os());
    line("- JVM: " + m.jvm() + ", max heap " + Format.bytes(m.maxHeapBytes()));
    line("- JVM arguments: `" + String.join(" ", m.jvmArguments()) + "`");
    line("");
  }

  private void data() {
    var d = r.data();
    var s = r.setup();
    line("## Data and setup");
    line("");
    line(
        fmt(
            "- documents: %,d (mean nnz %.1f); queries: %,d (mean nnz %.1f)",
            d.documents(), d.meanDocNnz(), d.queries(), d.meanQueryNnz()));
    line(
        fmt(
            "- ground truth: exact top-%d by brute force on the original float weights (%s, %.1f s)",
            d.truthK(), d.truthCached() ? "from the cache" : "computed", d.truthSeconds()));
    line(
        fmt(
            "- k = %d; single-thread latency after %,d warm-up searches per configuration, all"
                + " configurations in a shuffled order for each query; throughput with %d threads over"
                + " %,d"
                + " queries per configuration",
            s.k(), s.warmUpSearches(), s.threads(), s.throughputQueries()));
    line("- segment layout: **" + s.layout() + "** (" + layoutMeaning(s.layout()) + ")");
    line("- brute force (in memory) as a system: " + s.bruteForce());
    line(
        fmt(
            "- IndexWriter RAM buffer %.0f MB%s; build = add documents (with the flushes the"
                + " layout or the buffer triggers) + final flush and commit + %s",
            s.ramBufferMb(),
            s.layout().startsWith("segments:") ? " (not used: flushes at fixed counts)" : "",
            finalStep(s.layout())));
    line("");
  }

  private Optional<BenchResults.Run> exact() {
    return r.runs().stream().filter(x -> x.kind().equals("lucene-exact")).findFirst();
  }

  private void headlines() {
    Optional<BenchResults.Run> exact = exact();
    line("## Headline");
    line("");
    line(
        "| target recall@"
            + r.setup().k()
            + " | fastest Seismic setting reaching it | recall"
            + " | mean ms | p99 ms | p99 / mean | mean speed-up vs Lucene exact |");
    line("|---|---|---:|---:|---:|---:|---:|");
    for (double target : HEADLINE_RECALLS) {
      Optional<BenchResults.Run> best =
          r.runs().stream()
              .filter(x -> x.kind().equals("seismic") && x.recall() >= target)
              .min((a, b) -> Double.compare(a.meanMs(), b.meanMs()));
      if (best.isEmpty()) {
        line(fmt("| ≥ %.2f | none of the settings run | | | | | |", target));
        continue;
      }
      var b = best.get();
      line(
          fmt(
              "| ≥ %.2f | %s | %.4f | %.3f | %.3f | %.1f | %s |",
              target,
              b.system(),
              b.recall(),
              b.meanMs(),
              b.p99Ms(),
              b.p99Ms() / b.meanMs(),
              exact.map(e -> fmt("%.1fx", e.meanMs() / b.meanMs())).orElse("n/a")));
    }
    line("");
  }

  /** Whether some query setting scored graph neighbours: only then do tables show knn. */
  private boolean refines() {
    return r.setup().knns().stream().anyMatch(knn -> knn > 0);
  }

  private void searchTable() {
    Optional<BenchResults.Run> exact = exact();
    boolean knn = refines();
    line("## Search");
    line("");
    line(
        "| system | index | query_cut | heap_factor | "
            + (knn ? "knn | " : "")
            + "recall@"
            + r.setup().k()
            + " | recall vs Lucene exact | mean ms | p50 ms | p99 ms | speed-up (mean) | QPS, "
            + r.setup().threads()
            + " threads | docs scored (mean) |");
    line("|---|---|---:|---:|" + (knn ? "---:|" : "") + "---:|---:|---:|---:|---:|---:|---:|---:|");
    for (var x : r.runs()) {
      line(
          fmt(
              "| %s | %s | %s | %s | %s%s | %s | %.3f | %.3f | %.3f | %s | %.0f | %s |",
              x.system(),
              x.index() == null ? "(in memory)" : x.index(),
              x.queryCut() == null ? "" : x.queryCut().toString(),
              x.heapFactor() == null ? "" : x.heapFactor().toString(),
              knn ? (x.knn() == null ? "" : x.knn().toString()) + " | " : "",
              Format.recall(x.recall()),
              Format.recall(x.recallVsLuceneExact()),
              x.meanMs(),
              x.p50Ms(),
              x.p99Ms(),
              exact.map(e -> fmt("%.1fx", e.meanMs() / x.meanMs())).orElse("n/a"),
              x.qps(),
              Double.isNaN(x.docsScored()) ? "" : fmt("%.0f", x.docsScored())));
    }
    line("");
  }

  private void buildTable() {
    var base = r.baseline();
    String layout = r.setup().layout();
    boolean merges = !layout.startsWith("segments:");
    boolean graphs = r.seismic().stream().anyMatch(i -> i.graphSeconds() > 0);
    String step = layout.equals("merged") ? "forceMerge(1) s" : "wait for merges s";
    line(
        "## Build (layout " + layout + ": flush" + (merges ? " + " + finalStep(layout) : "") + ")");
    line("");
    line(
        "| index | parameters | add docs s | final flush s | segments after flush | "
            + (merges ? step + " | " : "")
            + "segments searched | total s | "
            + (graphs ? "of which knn graph s | " : "")
            + "vs baseline | peak heap after GC |");
    line(
        "|---|---|---:|---:|---:|"
            + (merges ? "---:|" : "")
            + "---:|---:|"
            + (graphs ? "---:|" : "")
            + "---:|---:|");
    List<BenchResults.Index> all = new ArrayList<>();
    all.add(base);
    all.addAll(r.seismic());
    for (var i : all) {
      line(
          fmt(
              "| %s | %s | %.2f | %.2f | %d | %s%d | %.2f | %s%.2fx | %s of %s |",
              i.id(),
              i.params() == null ? "plain FeatureField per token" : i.params(),
              i.addSeconds(),
              i.flushSeconds(),
              i.segmentsBeforeMerge(),
              merges ? fmt("%.2f | ", i.mergeSeconds()) : "",
              i.segments(),
              i.buildSeconds(),
              graphs ? (i.params() == null ? "" : fmt("%.2f", i.graphSeconds())) + " | " : "",
              i.buildSeconds() / base.buildSeconds(),
              Format.bytes(i.peakHeapBytes()),
              Format.bytes(i.maxHeapBytes())));
    }
    line("");
    for (var i : r.seismic()) {
      if (i.seismicLog().isEmpty()) {
        continue;
      }
      line(
          "Where "
              + i.id()
              + "'s Seismic structures took their time (the codec's InfoStream"
              + " report of each flush and merge; list phases are summed over threads):");
      line("");
      for (String message : i.seismicLog()) {
        line("- " + message);
      }
      line("");
    }
  }

  private void sizeTable() {
    var base = r.baseline();
    List<BenchResults.Index> all = new ArrayList<>();
    all.add(base);
    all.addAll(r.seismic());
    TreeSet<String> exts = new TreeSet<>();
    all.forEach(i -> exts.addAll(i.sizes().keySet()));
    line("## Index size by file extension");
    line("");
    StringBuilder head = new StringBuilder("| extension | holds |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (var i : all) {
      head.append(' ').append(i.id()).append(" |");
      rule.append("---:|");
    }
    line(head.toString());
    line(rule.toString());
    for (String ext : exts) {
      StringBuilder row =
          new StringBuilder(
              "| "
                  + ext
                  + " | "
                  + IndexSizes.SEISMIC_PARTS.getOrDefault(
                      ext, "Lucene (delegate postings, doc values, ...)")
                  + " |");
      for (var i : all) {
        row.append(' ').append(Format.bytes(i.sizes().getOrDefault(ext, 0L))).append(" |");
      }
      line(row.toString());
    }
    StringBuilder total = new StringBuilder("| **total** | |");
    StringBuilder ratio = new StringBuilder("| total / baseline | |");
    StringBuilder extra = new StringBuilder("| (total − baseline) / baseline | |");
    for (var i : all) {
      total.append(' ').append(Format.bytes(i.totalBytes())).append(" |");
      ratio.append(fmt(" %.2fx |", i.totalBytes() / (double) base.totalBytes()));
      extra.append(
          fmt(" %.2fx |", (i.totalBytes() - base.totalBytes()) / (double) base.totalBytes()));
    }
    line(total.toString());
    line(ratio.toString());
    line(extra.toString());
    line("");
  }

  private void heapTable() {
    line("## Heap at query time (JVM heap used after GC)");
    line("");
    line(
        "| index | before open | after open | after its searches | opening cost"
            + " | Seismic structures (SeismicStats) |");
    line("|---|---:|---:|---:|---:|---:|");
    List<BenchResults.Index> all = new ArrayList<>();
    all.add(r.baseline());
    all.addAll(r.seismic());
    for (var i : all) {
      var h = i.heap();
      line(
          fmt(
              "| %s | %s | %s | %s | %s | %s |",
              i.id(),
              Format.bytes(h.beforeOpen()),
              Format.bytes(h.afterOpen()),
              Format.bytes(h.afterSearches()),
              signedBytes(h.afterOpen() - h.beforeOpen()),
              i.kind().equals("seismic") ? Format.bytes(h.seismicStructures()) : "n/a"));
    }
    line("");
    line(
        "The heap before opening includes the benchmark's own data (queries, ground truth, the"
            + " real pool when documents are generated from it or are the pool, the brute-force"
            + " index when it is measured) and the other open index; compare the difference, not"
            + " the totals. Generated and file documents are streamed, not held.");
    line("");
    line("### Seismic segments");
    line("");
    line(
        "| index | segment | docs | terms | entries | λ | postings kept | blocks | summary entries |");
    line("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (var i : r.seismic()) {
      for (var s : i.seismicSegments()) {
        line(
            fmt(
                "| %s | %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d |",
                i.id(),
                s.segment(),
                s.maxDoc(),
                s.numTerms(),
                s.numEntries(),
                s.postingsPerList(),
                s.numPostings(),
                s.numBlocks(),
                s.numSummaryEntries()));
      }
    }
    line("");
  }

  private void notes() {
    line("## How to read this");
    line("");
    line(
        "- recall@k counts a result as a hit when it is in the exact top-k or ties the k-th exact"
            + " score within a relative 1e-5. \"recall\" is against brute force on the data's float"
            + " weights; \"recall vs Lucene exact\" is against Lucene's exact results, which score the"
            + " same 9-bit index weights as Seismic, so it isolates what Seismic's pruning and skipping"
            + " lose.");
    line(
        "- Lucene exact runs the `FeatureField` disjunction (`SeismicQuery.exactQuery`, MaxScore)"
            + " on the baseline index. It and brute force are measured alongside the first Seismic"
            + " index only (they do not depend on Seismic's build parameters).");
    line(
        "- Latency is the time of `IndexSearcher.search` (for Seismic, including the query's"
            + " rewrite, where its search runs) plus mapping the hits to data positions.");
    if (refines()) {
      line(
          "- knn > 0: once the blocks are visited, up to knn neighbours of each hit that can still"
              + " make the top k are scored from the segment's κ-NN graph (built with nknn; an"
              + " index without a graph is searched as with knn 0). The graph's build time is part"
              + " of the flush and merge times.");
    }
    line("");
  }

  /** What a layout means, in words. */
  static String layoutMeaning(String layout) {
    if (layout.startsWith("segments:")) {
      return layout.substring("segments:".length())
          + " segments of equal document count in data order, no merging; every index searched"
          + " on that many segments";
    }
    return switch (layout) {
      case "merged" -> "forceMerge(1): every index searched on one segment";
      case "natural" ->
          "what TieredMergePolicy leaves after the RAM buffer's flushes, no forceMerge; each"
              + " index's own segment count is in the build table";
      default -> layout;
    };
  }

  /** The last build step a layout has. */
  static String finalStep(String layout) {
    if (layout.startsWith("segments:")) {
      return "nothing (no merge)";
    }
    return switch (layout) {
      case "merged" -> "forceMerge(1) and commit";
      case "natural" -> "waiting for the merge policy's merges and commit";
      default -> layout;
    };
  }

  private static String signedBytes(long b) {
    return (b < 0 ? "−" : "+") + Format.bytes(Math.abs(b));
  }

  private void line(String s) {
    md.append(s).append('\n');
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
