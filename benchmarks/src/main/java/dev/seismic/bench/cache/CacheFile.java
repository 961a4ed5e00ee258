package dev.seismic.bench.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * One cached result on disk: a header (magic, format version, the full key) followed by a body.
 *
 * <p>The key in the header, not only the file name, decides a hit, so a renamed or stale file is
 * never mistaken for another data set's. Files are written to a temporary name and moved into
 * place, so an interrupted run leaves no half-written entry. A file that does not read back (wrong
 * magic, older format version, another key, truncated) is a miss and gets recomputed.
 */
final class CacheFile {

  private static final int MAGIC = 0x53454243; // "SEBC"

  /** Writes the body. */
  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads the body. */
  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private CacheFile() {}

  static void write(Path file, int version, String key, Writer body) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
      out.writeInt(MAGIC);
      out.writeInt(version);
      out.writeUTF(key);
      body.write(out);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The body, or empty when the file is absent or is not this key's entry in this version. */
  static <T> Optional<T> read(Path file, int version, String key, Reader<T> body)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
      if (in.readInt() != MAGIC || in.readInt() != version || !in.readUTF().equals(key)) {
        return Optional.empty();
      }
      return Optional.of(body.read(in));
    } catch (EOFException e) {
      return Optional.empty(); // truncated: recompute
    }
  }

  /** A file name made from a key: safe characters only, short enough for any file system. */
  static String fileName(String key, String extension) {
    String safe = key.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() > 120) {
      safe = safe.substring(0, 100) + "-" + Integer.toHexString(key.hashCode());
    }
    return safe + "." + extension;
  }
}
