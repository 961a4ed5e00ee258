package dev.seismic.bench.cli;

import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorFiles;
import dev.seismic.bench.data.VectorSink;
import dev.seismic.bench.data.VectorStream;
import dev.seismic.bench.demo.IndexDirectory;
import dev.seismic.bench.lucene.IndexBuilder;
import dev.seismic.bench.lucene.PeakHeap;
import dev.seismic.bench.lucene.SegmentLayout;
import dev.seismic.bench.report.Format;
import dev.seismic.bench.report.IndexFileSizes;
import dev.seismic.bench.report.Progress;
import dev.seismic.bench.report.SeismicBuildLog;
import dev.seismic.lucene.document.BuildParams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.store.FSDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code index}: a vector file into a local Lucene index with the Seismic format. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Index a vector file (Seismic JSONL, pretokenized-impact TSV or Seismic binary) into a local"
          + " Lucene index whose field \""
          + IndexBuilder.VECTOR_FIELD
          + "\" uses the Seismic"
          + " format; vector ids are stored. The file is read one vector at a time while it is"
          + " indexed, so the heap needed does not grow with it. The index is merged to one"
          + " segment unless --layout says otherwise.",
      ""
    })
public final class IndexCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "INPUT", description = "The vector file.")
  Path input;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      required = true,
      description = "Index directory; an existing index there is replaced.")
  Path index;

  @Mixin InputOptions inputOptions;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Index only the first N vectors (default: all).")
  Integer limit;

  @Mixin BuildOptions build;

  @Option(
      names = "--ram-buffer-mb",
      paramLabel = "MB",
      description =
          "IndexWriter RAM buffer (default: 1024, or a quarter of the JVM's maximum heap when"
              + " that is less).")
  Double ramBufferMb;

  @Option(
      names = "--layout",
      paramLabel = "LAYOUT",
      defaultValue = "merged",
      description =
          "merged (forceMerge(1)), segments:N (N segments of equal document count, no merging;"
              + " costs a counting pass over a text file) or natural (what TieredMergePolicy"
              + " leaves) (default: ${DEFAULT-VALUE}).")
  String layout;

  private final PrintStream out;

  public IndexCommand() {
    this(System.out);
  }

  IndexCommand(PrintStream out) {
    this.out = out;
  }

  /** The RAM buffer when none is given: 1 GiB, but never more than a quarter of the heap. */
  static double defaultRamBufferMb() {
    return Math.min(1024, Runtime.getRuntime().maxMemory() / 4.0 / (1 << 20));
  }

  @Override
  public Integer call() throws Exception {
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    }
    double ramMb = ramBufferMb != null ? ramBufferMb : defaultRamBufferMb();
    if (!(ramMb > 0)) {
      throw new IllegalArgumentException("--ram-buffer-mb must be > 0, got " + ramMb);
    }
    SegmentLayout segmentLayout = SegmentLayout.parse(layout);
    BuildParams params = build.params(); // bad values fail before any work
    // Read one vector at a time while indexing: nothing but the current vector is held, so the
    // heap needed does not grow with the file.
    VectorStream file =
        VectorFiles.stream(
            inputOptions.input(input), new TokenInterner(), limit == null ? Long.MAX_VALUE : limit);
    long[] seen = new long[2]; // vectors, non-zeros
    VectorStream docs =
        new VectorStream() {
          @Override
          public long size() {
            return file.size();
          }

          @Override
          public long sizeIfKnown() {
            return file.sizeIfKnown();
          }

          @Override
          public void forEach(VectorSink sink) throws IOException {
            file.forEach(
                (id, tokens, weights) -> {
                  seen[0]++;
                  seen[1] += tokens.length;
                  sink.add(id, tokens, weights);
                });
          }
        };
    // Built beside the target and moved into place when complete: a bad vector late in the file
    // leaves an existing index as it was.
    Path dir = IndexDirectory.checkReplaceable(index);
    Path staging = IndexDirectory.stagingFor(index);
    System.err.println("indexing " + input + " ...");
    Progress progress = Progress.start("indexing", docs.sizeIfKnown());
    boolean done = false;
    try (FSDirectory fs = FSDirectory.open(staging)) {
      IndexBuilder.Timing t =
          new IndexBuilder(Codec.getDefault(), params, ramMb)
              .storeIds(true)
              .layout(segmentLayout)
              .build(fs, docs, progress);
      progress.done();
      Map<String, Long> sizes = IndexFileSizes.byExtension(fs);
      long total = sizes.values().stream().mapToLong(Long::longValue).sum();
      String last =
          switch (segmentLayout.mode()) {
            case MERGED -> ", forceMerge(1) " + Format.seconds(t.mergeNanos());
            case NATURAL -> ", waiting for merges " + Format.seconds(t.mergeNanos());
            case SEGMENTS -> "";
          };
      out.printf(
          Locale.ROOT,
          "indexed %s vectors (mean nnz %.1f) into %s: %s in %d segment%s (layout %s); add %s,"
              + " flush %s%s; peak heap after GC %s of %s%n",
          Format.count(seen[0]),
          seen[0] == 0 ? 0.0 : seen[1] / (double) seen[0],
          dir,
          Format.bytes(total),
          t.segments(),
          t.segments() == 1 ? "" : "s",
          segmentLayout,
          Format.seconds(t.addNanos()),
          Format.seconds(t.commitNanos()),
          last,
          Format.bytes(t.peakHeapBytes()),
          Format.bytes(PeakHeap.maxHeap()));
      if (params.nknn() > 0) {
        out.printf(
            Locale.ROOT,
            "knn graph (nknn %d): %s of the flushes and merges, %s on disk (.skg)%n",
            params.nknn(),
            Format.seconds((long) (SeismicBuildLog.graphMillis(t.seismicLog()) * 1e6)),
            Format.bytes(sizes.getOrDefault("skg", 0L)));
      }
      fs.close();
      IndexDirectory.replace(staging, dir);
      done = true;
      out.println("build parameters: " + params);
    } finally {
      if (!done) {
        IndexDirectory.deleteTree(staging);
      }
    }
    return 0;
  }
}
