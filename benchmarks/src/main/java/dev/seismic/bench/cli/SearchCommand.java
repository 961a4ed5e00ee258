package dev.seismic.bench.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.lucene.IndexBuilder;
import dev.seismic.bench.lucene.Queries;
import dev.seismic.bench.report.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code search}: query vectors against an index made by {@code index}, top-k as JSON lines. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Search an index made by 'index' with every vector of a query file; print one JSON object"
          + " per query: {\"query\": id, \"took_ms\": t, \"hits\": [{\"id\": id, \"score\": s},"
          + " ...]}, best first.",
      ""
    })
public final class SearchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "QUERIES", description = "The query vector file.")
  Path queriesFile;

  @Option(names = "--index", paramLabel = "DIR", required = true, description = "The index.")
  Path index;

  @Mixin InputOptions inputOptions;

  @Mixin SearchOptions search;

  @Option(
      names = "--exact",
      description = "Lucene's exact FeatureField search instead of Seismic's approximate one.")
  boolean exact;

  @Option(names = "--limit", paramLabel = "N", description = "Only the first N queries.")
  Integer limit;

  @Option(names = "--output", paramLabel = "FILE", description = "Write here (default: stdout).")
  Path output;

  @Override
  public Integer call() throws Exception {
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    }
    int k = search.k();
    search.knn(); // a bad value fails before the index is read
    if (!Files.isDirectory(index)) {
      throw new NoSuchFileException(index.toString(), null, "no index directory there");
    }
    VectorSet queries =
        inputOptions.read(
            queriesFile, new TokenInterner(), limit == null ? Integer.MAX_VALUE : limit);
    List<Query> built =
        exact
            ? Queries.exact(queries)
            : Queries.seismic(queries, k, search.queryCut(), search.heapFactor(), search.knn());
    try (FSDirectory fs = FSDirectory.open(index);
        DirectoryReader reader = DirectoryReader.open(fs);
        Writer w =
            output == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      StoredFields stored = searcher.storedFields();
      Progress progress = Progress.start("searching", built.size());
      JsonFactory json = JsonFactory.builder().build();
      for (int q = 0; q < built.size(); q++) {
        long start = System.nanoTime();
        TopDocs top = searcher.search(built.get(q), k);
        double tookMs = (System.nanoTime() - start) / 1e6;
        writeLine(json, w, queries.id(q), tookMs, top, stored);
        progress.accept(q + 1);
      }
      progress.done();
      w.flush();
    }
    return 0;
  }

  private static void writeLine(
      JsonFactory json, Writer w, String queryId, double tookMs, TopDocs top, StoredFields stored)
      throws IOException {
    // A generator per line that does not close the shared writer.
    JsonGenerator g = json.createGenerator(w).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartObject();
    g.writeStringField("query", queryId);
    g.writeNumberField("took_ms", Math.round(tookMs * 1000) / 1000.0);
    g.writeArrayFieldStart("hits");
    for (ScoreDoc sd : top.scoreDocs) {
      Document doc = stored.document(sd.doc);
      String id = doc.get(IndexBuilder.ID_FIELD);
      g.writeStartObject();
      if (id != null) {
        g.writeStringField("id", id);
      } else {
        g.writeNumberField("doc", sd.doc); // an index built without ids (e.g. by the benchmark)
      }
      g.writeNumberField("score", sd.score);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.close();
    w.write('\n');
  }
}
