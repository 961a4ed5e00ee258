package dev.seismic.bench.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines as raw bytes.
 *
 * <p>Pretokenized-impact lines are long (a MS MARCO query line is ~150 KB, since each token is
 * repeated {@code weight × 1000} times) and the pooled corpus is gigabytes uncompressed; scanning
 * bytes and decoding only the distinct tokens is several times faster than building a {@code
 * String} per line and splitting it.
 */
final class ByteLineReader {

  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] line = new byte[1 << 12];
  private int lineLength;
  private long lineNumber;

  ByteLineReader(InputStream in) {
    this.in = in;
  }

  /** Reads the next line without its terminator; false at end of input. */
  boolean next() throws IOException {
    lineLength = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (any) {
            stripCarriageReturn();
            lineNumber++;
          }
          return any;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      append(start, pos - start);
      if (pos < limit) {
        pos++; // the '\n'
        stripCarriageReturn();
        lineNumber++;
        return true;
      }
    }
  }

  private void stripCarriageReturn() {
    if (lineLength > 0 && line[lineLength - 1] == '\r') {
      lineLength--;
    }
  }

  private void append(int start, int length) {
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLength + length, line.length * 2));
    }
    System.arraycopy(buf, start, line, lineLength, length);
    lineLength += length;
  }

  /** The current line's bytes, valid in {@code [0, length())} until the next call. */
  byte[] bytes() {
    return line;
  }

  int length() {
    return lineLength;
  }

  /** 1-based number of the current line. */
  long lineNumber() {
    return lineNumber;
  }
}
