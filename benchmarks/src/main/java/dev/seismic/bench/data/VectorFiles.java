package dev.seismic.bench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Reads a vector file in any supported format, chosen by name or by the caller: Seismic JSONL
 * ({@code .jsonl}, {@code .json}), pretokenized-impact TSV ({@code .tsv}), Seismic binary ({@code
 * .bin}); each optionally gzipped ({@code .gz}) except binary.
 */
public final class VectorFiles {

  /** The supported formats. */
  public enum Format {
    JSONL,
    TSV,
    BIN;

    /** The format a file name implies, or null. */
    static Format of(Path file) {
      String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (n.endsWith(".gz")) {
        n = n.substring(0, n.length() - 3);
      }
      if (n.endsWith(".jsonl") || n.endsWith(".json")) {
        return JSONL;
      }
      if (n.endsWith(".tsv")) {
        return TSV;
      }
      if (n.endsWith(".bin")) {
        return BIN;
      }
      return null;
    }
  }

  private VectorFiles() {}

  /**
   * Reads at most {@code limit} vectors.
   *
   * @param format the format, or null to decide from the file name
   * @param scale Q of a TSV file, or null to decide from its name ({@link ImpactScale})
   * @param vocabulary token list for a binary file, or null for decimal component ids
   */
  public static VectorSet read(
      Path file, Format format, Integer scale, Path vocabulary, TokenInterner interner, int limit)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    Format f = format != null ? format : Format.of(file);
    if (f == null) {
      throw new IllegalArgumentException(
          file + ": cannot tell the format from the name; give --format jsonl, tsv or bin");
    }
    switch (f) {
      case JSONL:
        return JsonlReader.read(file, "", interner, limit);
      case TSV:
        int q;
        if (scale != null) {
          if (scale < 1) {
            throw new IllegalArgumentException("--scale must be >= 1, got " + scale);
          }
          q = scale;
        } else {
          OptionalInt known = ImpactScale.of(file);
          if (known.isEmpty()) {
            throw new IllegalArgumentException(
                file
                    + ": the impact scale Q of this file is not known; give --scale (weight ="
                    + " count / Q)");
          }
          q = known.getAsInt();
        }
        return ImpactTsvReader.read(file, q, "", interner, limit);
      case BIN:
        Vocabulary v = null;
        if (vocabulary != null) {
          if (!Files.isRegularFile(vocabulary)) {
            throw new NoSuchFileException(vocabulary.toString(), null, "no such vocabulary file");
          }
          v = Vocabulary.load(vocabulary, interner);
        }
        return SeismicBinaryFormat.read(file, v, "", interner, limit);
      default:
        throw new AssertionError(f);
    }
  }
}
