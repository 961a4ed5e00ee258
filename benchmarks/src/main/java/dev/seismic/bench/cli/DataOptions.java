package dev.seismic.bench.cli;

import dev.seismic.bench.data.Dataset;
import dev.seismic.bench.data.GeneratedData;
import dev.seismic.bench.data.RealPool;
import dev.seismic.bench.data.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which data a command runs on: the real SPLADE++ ED pool from the shared data folder, or, when
 * that folder is absent (or {@code --generated} is given), a generated set that is labelled as such
 * wherever figures are printed.
 */
public final class DataOptions {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "The shared data folder (default: the system property seismic.shared.data, else"
              + " shared/data beside the working directory or the repository checkout).")
  Path data;

  @Option(
      names = "--generated",
      description = "Use generated (not learned) vectors even if real data is available.")
  boolean generated;

  @Option(
      names = "--generated-docs",
      paramLabel = "N",
      description = "Documents in the generated set (default: ${DEFAULT-VALUE}).",
      defaultValue = "100000")
  int generatedDocs;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Seed of the generated set (default: ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  /** Queries used when the generated set is chosen and no count is given. */
  public static final int GENERATED_DEFAULT_QUERIES = 1_000;

  /** Why the generated set was chosen, or empty if real data is used; set by {@link #load}. */
  private String fallbackReason;

  /**
   * Loads the data set with at most {@code maxQueries} queries ({@code null}: all real queries, or
   * {@value #GENERATED_DEFAULT_QUERIES} generated ones).
   */
  public Dataset load(Integer maxQueries, int threads) throws IOException {
    if (maxQueries != null && maxQueries < 1) {
      throw new IllegalArgumentException("--queries must be >= 1, got " + maxQueries);
    }
    Optional<Path> shared;
    if (generated) {
      shared = Optional.empty();
      fallbackReason = "--generated was given";
    } else if (data != null) {
      if (!Files.isDirectory(data)) {
        throw new NoSuchFileException(data.toString(), null, "--data is not a directory");
      }
      shared = Optional.of(data);
    } else {
      shared = SharedData.locate();
      if (shared.isEmpty()) {
        fallbackReason = "no shared data folder found (set --data or -Dseismic.shared.data)";
      }
    }
    if (shared.isPresent()) {
      return RealPool.load(
          shared.get(), maxQueries == null ? Integer.MAX_VALUE : maxQueries, threads);
    }
    if (generatedDocs < 1) {
      throw new IllegalArgumentException("--generated-docs must be >= 1, got " + generatedDocs);
    }
    return GeneratedData.generate(
        seed, generatedDocs, maxQueries == null ? GENERATED_DEFAULT_QUERIES : maxQueries);
  }

  /** Why generated data is used, if it is. */
  public Optional<String> fallbackReason() {
    return Optional.ofNullable(fallbackReason);
  }
}
