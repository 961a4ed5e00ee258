package dev.seismic.bench.data;

import dev.seismic.lucene.document.SparseVector;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Seismic's binary vector format, little-endian: {@code u32 count}, then per vector {@code u32 n},
 * {@code n × u32} component ids, {@code n × f32} values.
 *
 * <p>The format has no vector ids; vector {@code i} gets id {@code "i"}. Component ids become
 * tokens through a {@link Vocabulary} when one is given (ids must then be in range), else through
 * their decimal string, so a binary file indexes the same terms as its text twin only with the
 * vocabulary. Errors name the file, the vector and the byte offset.
 */
public final class SeismicBinaryFormat {

  private SeismicBinaryFormat() {}

  /**
   * Reads at most {@code limit} vectors.
   *
   * @param vocabulary maps component ids to tokens; {@code null} for decimal strings
   */
  public static VectorSet read(
      Path file, Vocabulary vocabulary, String idPrefix, TokenInterner interner, int limit)
      throws IOException {
    VectorSet.Builder out = new VectorSet.Builder();
    forEach(file, vocabulary, idPrefix, interner, limit, out::add);
    return out.build();
  }

  /** The number of vectors the file's header announces. */
  public static long count(Path file) throws IOException {
    try (LittleEndianInput in = new LittleEndianInput(Files.newInputStream(file))) {
      return in.readU32(file, "header");
    }
  }

  /**
   * Hands at most {@code limit} vectors to {@code sink} as they are read, holding none of them;
   * returns how many were read.
   */
  public static long forEach(
      Path file,
      Vocabulary vocabulary,
      String idPrefix,
      TokenInterner interner,
      long limit,
      VectorSink sink)
      throws IOException {
    try (LittleEndianInput in = new LittleEndianInput(Files.newInputStream(file))) {
      long read = 0;
      long count = in.readU32(file, "header");
      for (long v = 0; v < count && read < limit; v++) {
        String where = "vector " + v + " (byte " + in.offset() + ")";
        long n = in.readU32(file, where);
        if (n > SparseVector.MAX_DIMENSIONS) {
          throw new DataFormatException(
              file, where, "claims " + n + " components; the file is probably not in this format");
        }
        int size = (int) n;
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) {
          long id = in.readU32(file, where);
          if (vocabulary != null && id >= vocabulary.size()) {
            throw new DataFormatException(
                file,
                where,
                "component id "
                    + id
                    + " is outside the vocabulary of "
                    + vocabulary.size()
                    + " tokens");
          }
          ids[i] = (int) id;
        }
        String[] tokens = new String[size];
        float[] weights = new float[size];
        for (int i = 0; i < size; i++) {
          weights[i] = Float.intBitsToFloat(in.readI32(file, where));
          tokens[i] =
              vocabulary != null
                  ? vocabulary.token(ids[i])
                  : interner.intern(Integer.toUnsignedString(ids[i]));
        }
        String problem = VectorRules.problem(tokens, weights);
        if (problem != null) {
          throw new DataFormatException(file, where, problem);
        }
        sink.add(idPrefix + v, tokens, weights);
        read++;
      }
      return read;
    }
  }

  /**
   * Writes vectors in the binary format. Tokens become component ids through the vocabulary, or
   * must be decimal integers when it is {@code null}. Vector ids are not stored.
   */
  public static void write(Path file, VectorSet vectors, Vocabulary vocabulary) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      writeU32(out, vectors.size());
      for (int v = 0; v < vectors.size(); v++) {
        String[] tokens = vectors.tokens(v);
        float[] weights = vectors.weights(v);
        writeU32(out, tokens.length);
        for (String token : tokens) {
          writeU32(out, componentId(vectors.id(v), token, vocabulary));
        }
        for (float w : weights) {
          writeU32(out, Float.floatToIntBits(w));
        }
      }
    }
  }

  private static int componentId(String vectorId, String token, Vocabulary vocabulary) {
    if (vocabulary != null) {
      int id = vocabulary.id(token);
      if (id < 0) {
        throw new IllegalArgumentException(
            "vector " + vectorId + ": token '" + token + "' is not in the vocabulary");
      }
      return id;
    }
    try {
      return Integer.parseUnsignedInt(token);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "vector "
              + vectorId
              + ": token '"
              + token
              + "' is not a decimal component id; give a vocabulary");
    }
  }

  private static void writeU32(OutputStream out, long v) throws IOException {
    out.write((int) v & 0xFF);
    out.write((int) (v >>> 8) & 0xFF);
    out.write((int) (v >>> 16) & 0xFF);
    out.write((int) (v >>> 24) & 0xFF);
  }

  /** Buffered little-endian reads that count bytes, so errors can say where they happened. */
  private static final class LittleEndianInput implements AutoCloseable {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long offset;

    LittleEndianInput(InputStream in) {
      this.in = in;
    }

    long offset() {
      return offset;
    }

    int readI32(Path file, String where) throws IOException {
      if (limit - pos < 4 && !refill()) {
        throw new DataFormatException(
            file,
            where,
            "the file ends in the middle of a value (byte " + offset + "); is it truncated?",
            new EOFException());
      }
      int v =
          (buf[pos] & 0xFF)
              | (buf[pos + 1] & 0xFF) << 8
              | (buf[pos + 2] & 0xFF) << 16
              | (buf[pos + 3] & 0xFF) << 24;
      pos += 4;
      offset += 4;
      return v;
    }

    long readU32(Path file, String where) throws IOException {
      return Integer.toUnsignedLong(readI32(file, where));
    }

    /** Moves the unread bytes to the front and reads more; false if fewer than 4 are left. */
    private boolean refill() throws IOException {
      int left = limit - pos;
      System.arraycopy(buf, pos, buf, 0, left);
      pos = 0;
      limit = left;
      while (limit < 4) {
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
          return false;
        }
        limit += n;
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
