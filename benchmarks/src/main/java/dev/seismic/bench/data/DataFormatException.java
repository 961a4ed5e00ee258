package dev.seismic.bench.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Bad input in a data file. The message always names the file, the position (line number for text
 * formats, vector number and byte offset for binary ones) and what is wrong, so that a user can
 * open the file at the right place.
 */
public final class DataFormatException extends IOException {

  private final Path file;
  private final String position;

  public DataFormatException(Path file, String position, String reason) {
    this(file, position, reason, null);
  }

  public DataFormatException(Path file, String position, String reason, Throwable cause) {
    super(file + ":" + position + ": " + reason, cause);
    this.file = file;
    this.position = position;
  }

  /** An error at a 1-based line of a text file. */
  public static DataFormatException atLine(Path file, long line, String reason) {
    return new DataFormatException(file, "line " + line, reason);
  }

  /** An error at a 1-based line of a text file, caused by another exception. */
  public static DataFormatException atLine(Path file, long line, String reason, Throwable cause) {
    return new DataFormatException(file, "line " + line, reason, cause);
  }

  public Path file() {
    return file;
  }

  /** Where in the file, e.g. "line 12" or "vector 3 (byte 1024)". */
  public String position() {
    return position;
  }
}
