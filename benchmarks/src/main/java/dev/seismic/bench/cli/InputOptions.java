package dev.seismic.bench.cli;

import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorFiles;
import dev.seismic.bench.data.VectorSet;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to read a vector file: format, TSV scale, binary vocabulary. */
public final class InputOptions {

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description =
          "jsonl, tsv or bin (default: from the file name: .jsonl/.json, .tsv, .bin;"
              + " .gz allowed for text).")
  VectorFiles.Format format;

  @Option(
      names = "--scale",
      paramLabel = "Q",
      description =
          "TSV impact scale: a token repeated c times weighs c/Q (default: from the"
              + " file name, for the shared SPLADE files).")
  Integer scale;

  @Option(
      names = "--vocab",
      paramLabel = "FILE",
      description =
          "Binary files: token list, line i = component id i (default: ids as decimal"
              + " strings).")
  Path vocab;

  public VectorSet read(Path file, TokenInterner interner, int limit) throws IOException {
    return VectorFiles.read(file, format, scale, vocab, interner, limit);
  }

  /** {@code file} with these reading options. */
  public VectorFiles.Input input(Path file) {
    return new VectorFiles.Input(file, format, scale, vocab);
  }
}
