package dev.seismic.bench.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real corpus of {@code shared/data/README.md}: every SPLADE++ ED file except the MS MARCO dev
 * subset pooled as documents (ids prefixed with the file's data set name, since ids are unique only
 * within a file), and the 6,980 MS MARCO dev vectors as queries.
 *
 * <p>Files whose quantisation scale is unknown ({@code topics.dl23.*}) are left out. Files are read
 * in parallel but pooled in file-name order, so document numbers are the same on every run.
 */
public final class RealPool {

  /** The query file: the query set of the Seismic paper's MS MARCO experiments. */
  public static final String QUERY_FILE = "topics.msmarco-passage.dev-subset.splade-pp-ed.tsv.gz";

  /** Number of queries in {@link #QUERY_FILE}. */
  public static final int QUERY_COUNT = 6_980;

  private RealPool() {}

  /** The document files: pooled SPLADE++ ED files, sorted by name. */
  public static List<Path> documentFiles(Path sharedData) throws IOException {
    Path dir = SharedData.spladePpEd(sharedData);
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "the SPLADE++ ED folder is missing");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".tsv.gz"))
          .filter(p -> !p.getFileName().toString().equals(QUERY_FILE))
          .filter(p -> ImpactScale.of(p).isPresent())
          .sorted()
          .toList();
    }
  }

  /** The query file. */
  public static Path queryFile(Path sharedData) {
    return SharedData.spladePpEd(sharedData).resolve(QUERY_FILE);
  }

  /**
   * Loads the pool and the first {@code maxQueries} queries, reading files on up to {@code threads}
   * threads.
   */
  public static Dataset load(Path sharedData, int maxQueries, int threads) throws IOException {
    List<Path> docFiles = documentFiles(sharedData);
    Path queryFile = queryFile(sharedData);
    if (!Files.isRegularFile(queryFile)) {
      throw new NoSuchFileException(queryFile.toString(), null, "the query file is missing");
    }
    TokenInterner interner = new TokenInterner();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      // The big query file first: it is the longest single task.
      Future<VectorSet> queries =
          pool.submit(() -> ImpactTsvReader.read(queryFile, "", interner, maxQueries));
      List<Future<VectorSet>> parts = new ArrayList<>();
      for (Path f : docFiles) {
        String prefix = ImpactScale.datasetName(f) + "/";
        parts.add(pool.submit(() -> ImpactTsvReader.read(f, prefix, interner, Integer.MAX_VALUE)));
      }
      List<VectorSet> docs = new ArrayList<>();
      for (Future<VectorSet> part : parts) {
        docs.add(get(part));
      }
      String sources =
          String.format(
              Locale.ROOT,
              "documents: %d SPLADE++ ED topic files pooled (all but the MS MARCO dev subset and"
                  + " dl23); queries: %s",
              docFiles.size(),
              QUERY_FILE);
      return new Dataset(
          "splade-pp-ed-pool",
          "real SPLADE++ ED vectors",
          sources,
          VectorSet.concat(docs),
          get(queries));
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static VectorSet get(Future<VectorSet> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }
}
