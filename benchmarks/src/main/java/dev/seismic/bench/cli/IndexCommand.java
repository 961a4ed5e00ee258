package dev.seismic.bench.cli;

import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.demo.IndexDirectory;
import dev.seismic.bench.lucene.IndexBuilder;
import dev.seismic.bench.report.Format;
import dev.seismic.bench.report.IndexFileSizes;
import dev.seismic.bench.report.Progress;
import dev.seismic.lucene.document.BuildParams;
import java.io.PrintStream;
import java.nio.file.Path;
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
          + " format; vector ids are stored. The index is merged to one segment.",
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
      defaultValue = "1024",
      description = "IndexWriter RAM buffer (default: ${DEFAULT-VALUE}).")
  double ramBufferMb;

  private final PrintStream out;

  public IndexCommand() {
    this(System.out);
  }

  IndexCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    }
    if (!(ramBufferMb > 0)) {
      throw new IllegalArgumentException("--ram-buffer-mb must be > 0, got " + ramBufferMb);
    }
    BuildParams params = build.params(); // bad values fail before any work
    System.err.println("reading " + input + " ...");
    VectorSet docs =
        inputOptions.read(input, new TokenInterner(), limit == null ? Integer.MAX_VALUE : limit);
    Path dir = IndexDirectory.prepare(index);
    Progress progress = Progress.start("indexing", docs.size());
    try (FSDirectory fs = FSDirectory.open(dir)) {
      IndexBuilder.Timing t =
          new IndexBuilder(Codec.getDefault(), params, ramBufferMb)
              .storeIds(true)
              .build(fs, docs, progress);
      progress.done();
      Map<String, Long> sizes = IndexFileSizes.byExtension(fs);
      long total = sizes.values().stream().mapToLong(Long::longValue).sum();
      out.printf(
          java.util.Locale.ROOT,
          "indexed %s vectors (mean nnz %.1f) into %s: %s; add %s, flush %s, forceMerge(1) %s%n",
          Format.count(docs.size()),
          docs.meanNnz(),
          dir,
          Format.bytes(total),
          Format.seconds(t.addNanos()),
          Format.seconds(t.commitNanos()),
          Format.seconds(t.mergeNanos()));
      out.println("build parameters: " + params);
    }
    return 0;
  }
}
