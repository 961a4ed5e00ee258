package dev.seismic.bench.cli;

import dev.seismic.bench.report.Format;
import dev.seismic.lucene.check.FieldIndexCheck;
import dev.seismic.lucene.codecs.SeismicCheckIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code check}: Lucene's CheckIndex, then Seismic's structure validator, which sees what
 * CheckIndex cannot (the forward index, pruned lists and summaries against the full postings, and
 * the κ-NN graph's rows).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Check an index: Lucene's CheckIndex (checksums and Lucene's own structures), then the"
          + " Seismic structure validator on every Seismic field of every segment (term"
          + " dictionary, forward index, pruned lists and block summaries, against the full"
          + " postings; the κ-NN graph's rows, when the field has one). Exits 0 when both find"
          + " nothing wrong, 1 otherwise.",
      ""
    })
public final class CheckCommand implements Callable<Integer> {

  @Option(names = "--index", paramLabel = "DIR", required = true, description = "The index.")
  Path index;

  @Option(
      names = "--field",
      paramLabel = "F",
      description = "Validate only this Seismic field (default: every Seismic field).")
  String field;

  @Option(names = "--verbose", description = "Also print CheckIndex's report when it is clean.")
  boolean verbose;

  @Spec CommandSpec spec;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    if (!Files.isDirectory(index)) {
      throw new NoSuchFileException(index.toString(), null, "no index directory there");
    }
    try (FSDirectory dir = FSDirectory.open(index)) {
      if (!DirectoryReader.indexExists(dir)) {
        throw new IndexNotFoundException("no Lucene index in " + index);
      }
      boolean luceneClean = checkLucene(dir);
      SeismicCheckIndex.Status status;
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        status = new SeismicCheckIndex().check(reader, field);
      }
      if (status.fields().isEmpty()) {
        throw new IllegalArgumentException(
            field == null
                ? "the index has no Seismic field"
                : "the field \"" + field + "\" has no Seismic structures in any segment");
      }
      for (SeismicCheckIndex.FieldStatus f : status.fields()) {
        out.println(describe(f));
        for (String problem : f.problems()) {
          out.println("  " + problem);
        }
        if (f.problemCount() > f.problems().size()) {
          out.println("  ... and " + (f.problemCount() - f.problems().size()) + " more");
        }
      }
      out.println(
          "Seismic structures: "
              + (status.clean() ? "clean" : Format.count(status.problemCount()) + " problems")
              + " ("
              + plural(status.fields().size(), "field in a segment", "fields in segments")
              + ")");
      out.flush();
      if (!luceneClean || !status.clean()) {
        spec.commandLine()
            .getErr()
            .println(
                "error: the index is damaged: "
                    + (luceneClean ? "" : "CheckIndex found problems; ")
                    + (status.clean()
                        ? ""
                        : "the Seismic structure validator found "
                            + Format.count(status.problemCount())
                            + " problems")
                    + " (see above)");
        return 1;
      }
      return 0;
    }
  }

  /** Runs CheckIndex; prints its report when it is not clean (or always, with --verbose). */
  private boolean checkLucene(FSDirectory dir) throws IOException {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    CheckIndex.Status status;
    try (CheckIndex checker = new CheckIndex(dir)) {
      checker.setInfoStream(new PrintStream(report, true, StandardCharsets.UTF_8));
      status = checker.checkIndex();
    } catch (LockObtainFailedException e) {
      throw new IllegalArgumentException(
          "an IndexWriter holds the index's lock; check it when no writer is open ("
              + e.getMessage()
              + ")");
    }
    if (verbose || !status.clean) {
      out.print(report.toString(StandardCharsets.UTF_8));
    }
    out.println(
        "Lucene CheckIndex: "
            + (status.clean
                ? "clean"
                : status.numBadSegments + " of " + status.numSegments + " segments broken")
            + " ("
            + plural(status.numSegments, "segment", "segments")
            + ")");
    return status.clean;
  }

  private static String describe(SeismicCheckIndex.FieldStatus f) {
    FieldIndexCheck.Counts c = f.counts();
    return String.format(
        Locale.ROOT,
        "Seismic field \"%s\", segment %s: %s docs, %s terms, %s forward entries, %s lists,"
            + " %s blocks, %s postings, %s summary entries%s: %s",
        f.field(),
        f.segment(),
        Format.count(c.maxDoc()),
        Format.count(c.terms()),
        Format.count(c.forwardEntries()),
        Format.count(c.lists()),
        Format.count(c.blocks()),
        Format.count(c.postings()),
        Format.count(c.summaryEntries()),
        graph(c),
        f.problemCount() == 0 ? "ok" : Format.count(f.problemCount()) + " problems");
  }

  /** The κ-NN graph's part of a field's line; empty without a graph. */
  private static String graph(FieldIndexCheck.Counts c) {
    if (c.nknn() == 0) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        ", knn graph (nknn %d): %s rows, %s neighbours, %s rows scored for order",
        c.nknn(),
        Format.count(c.graphRows()),
        Format.count(c.graphNeighbours()),
        Format.count(c.graphScoredRows()));
  }

  private static String plural(long n, String one, String many) {
    return Format.count(n) + " " + (n == 1 ? one : many);
  }
}
