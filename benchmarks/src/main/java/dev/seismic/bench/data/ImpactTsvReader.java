package dev.seismic.bench.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;

/**
 * Reads Anserini's "pretokenized impact" vectors: one vector per line, {@code <id> TAB <tok> <tok>
 * ...}, where each token is repeated {@code round(weight × Q)} times, so {@code weight = count /
 * Q}. Files ending in {@code .gz} are decompressed on the fly.
 *
 * <p>Repeats are counted wherever they occur in the line (in practice they come in runs). Errors
 * name the file and the line: a missing tab, an empty id, an id seen before in the file, invalid
 * UTF-8, or a vector the index would refuse.
 */
public final class ImpactTsvReader {

  private ImpactTsvReader() {}

  /**
   * Reads a file with the scale {@link ImpactScale} assigns to it.
   *
   * @throws DataFormatException if the scale of the file is not known
   */
  public static VectorSet read(Path file, String idPrefix, TokenInterner interner, int limit)
      throws IOException {
    OptionalInt q = ImpactScale.of(file);
    if (q.isEmpty()) {
      throw new DataFormatException(
          file,
          "file name",
          "the quantisation scale Q of this file is not known; pass it explicitly");
    }
    return read(file, q.getAsInt(), idPrefix, interner, limit);
  }

  /**
   * Reads at most {@code limit} vectors.
   *
   * @param scale Q: a token repeated {@code c} times has weight {@code c / Q}
   * @param idPrefix prepended to every id (use {@code ""} for none)
   */
  public static VectorSet read(
      Path file, int scale, String idPrefix, TokenInterner interner, int limit) throws IOException {
    VectorSet.Builder out = new VectorSet.Builder();
    forEach(file, scale, idPrefix, interner, limit, out::add);
    return out.build();
  }

  /**
   * Hands at most {@code limit} vectors to {@code sink} as they are read, holding none of them;
   * returns how many were read.
   *
   * @param scale Q: a token repeated {@code c} times has weight {@code c / Q}
   */
  public static long forEach(
      Path file, int scale, String idPrefix, TokenInterner interner, long limit, VectorSink sink)
      throws IOException {
    if (scale <= 0) {
      throw new IllegalArgumentException("scale must be positive, got " + scale);
    }
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            file.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16)
                : new BufferedInputStream(raw, 1 << 16)) {
      return parse(file, in, scale, idPrefix, interner, limit, sink);
    }
  }

  private static long parse(
      Path file,
      InputStream in,
      int scale,
      String idPrefix,
      TokenInterner interner,
      long limit,
      VectorSink sink)
      throws IOException {
    ByteLineReader lines = new ByteLineReader(in);
    Utf8 utf8 = new Utf8();
    long count = 0;
    IdLines firstLineOfId = new IdLines();
    Map<String, int[]> counts = new LinkedHashMap<>();
    while (count < limit && lines.next()) {
      long lineNo = lines.lineNumber();
      byte[] b = lines.bytes();
      int len = lines.length();
      if (len == 0) {
        continue; // a blank line (typically the last one) carries no vector
      }
      int tab = indexOf(b, 0, len, (byte) '\t');
      if (tab < 0) {
        throw DataFormatException.atLine(
            file, lineNo, "expected '<id> TAB <tokens>', but the line has no tab");
      }
      if (tab == 0) {
        throw DataFormatException.atLine(file, lineNo, "the id before the tab is empty");
      }
      String id;
      try {
        id = utf8.decode(b, 0, tab);
        counts.clear();
        countTokens(b, tab + 1, len, utf8, interner, counts);
      } catch (CharacterCodingException e) {
        throw DataFormatException.atLine(file, lineNo, "invalid UTF-8", e);
      }
      long previous = firstLineOfId.putIfAbsent(id, lineNo);
      if (previous >= 0) {
        throw DataFormatException.atLine(
            file, lineNo, "duplicate id '" + id + "' (first seen at line " + previous + ")");
      }
      String[] tokens = new String[counts.size()];
      float[] weights = new float[counts.size()];
      int i = 0;
      for (Map.Entry<String, int[]> e : counts.entrySet()) {
        tokens[i] = e.getKey();
        weights[i] = (float) (e.getValue()[0] / (double) scale);
        i++;
      }
      String problem = VectorRules.problem(tokens, weights);
      if (problem != null) {
        throw DataFormatException.atLine(file, lineNo, "vector '" + id + "': " + problem);
      }
      sink.add(idPrefix + id, tokens, weights);
      count++;
    }
    return count;
  }

  /**
   * Counts space-separated tokens of {@code b[from, to)} into {@code counts}, comparing bytes with
   * the previous token so that a run of repeats costs no decoding and no hashing.
   */
  private static void countTokens(
      byte[] b, int from, int to, Utf8 utf8, TokenInterner interner, Map<String, int[]> counts)
      throws CharacterCodingException {
    int runStart = -1;
    int runLength = 0;
    int runCount = 0;
    int i = from;
    while (i < to) {
      if (b[i] == ' ') {
        i++; // tolerate repeated separators
        continue;
      }
      int start = i;
      while (i < to && b[i] != ' ') {
        i++;
      }
      int length = i - start;
      if (runCount > 0
          && length == runLength
          && Arrays.equals(b, start, start + length, b, runStart, runStart + runLength)) {
        runCount++;
      } else {
        if (runCount > 0) {
          addRun(b, runStart, runLength, runCount, utf8, interner, counts);
        }
        runStart = start;
        runLength = length;
        runCount = 1;
      }
    }
    if (runCount > 0) {
      addRun(b, runStart, runLength, runCount, utf8, interner, counts);
    }
  }

  private static void addRun(
      byte[] b,
      int start,
      int length,
      int count,
      Utf8 utf8,
      TokenInterner interner,
      Map<String, int[]> counts)
      throws CharacterCodingException {
    String token = interner.intern(utf8.decode(b, start, length));
    counts.computeIfAbsent(token, t -> new int[1])[0] += count;
  }

  private static int indexOf(byte[] b, int from, int to, byte target) {
    for (int i = from; i < to; i++) {
      if (b[i] == target) {
        return i;
      }
    }
    return -1;
  }
}
