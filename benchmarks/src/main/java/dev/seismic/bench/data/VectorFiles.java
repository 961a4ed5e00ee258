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
   * A vector file and how to read it.
   *
   * @param format the format, or null to decide from the file name
   * @param scale Q of a TSV file, or null to decide from its name ({@link ImpactScale})
   * @param vocabulary token list for a binary file, or null for decimal component ids
   */
  public record Input(Path file, Format format, Integer scale, Path vocabulary) {

    /** The file with everything decided from its name. */
    public static Input of(Path file) {
      return new Input(file, null, null, null);
    }
  }

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
    VectorSet.Builder out = new VectorSet.Builder();
    open(new Input(file, format, scale, vocabulary), interner).forEach(limit, out::add);
    return out.build();
  }

  /** Reads at most {@code limit} vectors of {@code input}. */
  public static VectorSet read(Input input, TokenInterner interner, int limit) throws IOException {
    return read(input.file(), input.format(), input.scale(), input.vocabulary(), interner, limit);
  }

  /**
   * A file ready to be read in passes, each handing its vectors one at a time to a sink; the
   * format, scale and vocabulary are checked (and the vocabulary loaded) once, here.
   */
  public interface Reader {
    /** Hands at most {@code limit} vectors to {@code sink}; returns how many. */
    long forEach(long limit, VectorSink sink) throws IOException;

    /** The number of vectors, if the file says so without being read (binary), else -1. */
    long declaredCount() throws IOException;
  }

  /**
   * A stream over at most {@code limit} vectors of the file, read afresh on every pass and never
   * held in memory. Its size is learned from the first complete pass (a binary file's header tells
   * it at once; asked before, it costs a counting pass).
   */
  public static VectorStream stream(Input input, TokenInterner interner, long limit)
      throws IOException {
    Reader reader = open(input, interner);
    long declared = reader.declaredCount();
    return new VectorStream() {
      private long size = declared >= 0 ? Math.min(declared, limit) : -1;

      @Override
      public long size() {
        if (size < 0) {
          try {
            size = reader.forEach(limit, (id, tokens, weights) -> {});
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
        return size;
      }

      @Override
      public long sizeIfKnown() {
        return size;
      }

      @Override
      public void forEach(VectorSink sink) throws IOException {
        long n = reader.forEach(limit, sink);
        if (size >= 0 && n != size) {
          throw new IOException(
              input.file() + " changed while it was read: " + n + " vectors, " + size + " before");
        }
        size = n;
      }
    };
  }

  /** Checks the file and its reading options and returns a reader for it. */
  public static Reader open(Input input, TokenInterner interner) throws IOException {
    Path file = input.file();
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    Format f = input.format() != null ? input.format() : Format.of(file);
    if (f == null) {
      throw new IllegalArgumentException(
          file + ": cannot tell the format from the name; give --format jsonl, tsv or bin");
    }
    switch (f) {
      case JSONL:
        return reader(
            (limit, sink) -> JsonlReader.forEach(file, "", interner, limit, sink), () -> -1L);
      case TSV:
        int q;
        if (input.scale() != null) {
          if (input.scale() < 1) {
            throw new IllegalArgumentException("--scale must be >= 1, got " + input.scale());
          }
          q = input.scale();
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
        return reader(
            (limit, sink) -> ImpactTsvReader.forEach(file, q, "", interner, limit, sink),
            () -> -1L);
      case BIN:
        Vocabulary v = null;
        Path vocabulary = input.vocabulary();
        if (vocabulary != null) {
          if (!Files.isRegularFile(vocabulary)) {
            throw new NoSuchFileException(vocabulary.toString(), null, "no such vocabulary file");
          }
          v = Vocabulary.load(vocabulary, interner);
        }
        Vocabulary vocab = v;
        return reader(
            (limit, sink) -> SeismicBinaryFormat.forEach(file, vocab, "", interner, limit, sink),
            () -> SeismicBinaryFormat.count(file));
      default:
        throw new AssertionError(f);
    }
  }

  private interface Pass {
    long forEach(long limit, VectorSink sink) throws IOException;
  }

  private interface Count {
    long get() throws IOException;
  }

  private static Reader reader(Pass pass, Count count) {
    return new Reader() {
      @Override
      public long forEach(long limit, VectorSink sink) throws IOException {
        return pass.forEach(limit, sink);
      }

      @Override
      public long declaredCount() throws IOException {
        return count.get();
      }
    };
  }
}
