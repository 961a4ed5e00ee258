package dev.seismic.bench.demo;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * Prepares the demo's index directory: wipes an old index, but refuses to delete a non-empty
 * directory that does not look like a Lucene index, so a mistyped {@code --index} cannot destroy
 * unrelated files.
 */
public final class IndexDirectory {

  private IndexDirectory() {}

  public static Path prepare(Path dir) throws IOException {
    Path abs = checkReplaceable(dir);
    if (Files.exists(abs)) {
      deleteTree(abs);
    }
    Files.createDirectories(abs);
    return abs;
  }

  /**
   * Checks that {@code dir} may be replaced by a new index (absent, empty or an index), without
   * touching it; returns its absolute path.
   */
  public static Path checkReplaceable(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs)) {
      if (!Files.isDirectory(abs)) {
        throw new IllegalArgumentException(
            abs + " exists and is not a directory; choose another --index");
      }
      if (!isEmpty(abs) && !looksLikeIndex(abs)) {
        throw new IllegalArgumentException(
            abs
                + " is not empty and holds no Lucene index; refusing to wipe it."
                + " Choose another --index or empty it yourself");
      }
    }
    return abs;
  }

  /**
   * Where to build an index that is to replace {@code dir} once it is complete: a sibling folder,
   * prepared like {@link #prepare}. Move it into place with {@link #replace}.
   */
  public static Path stagingFor(Path dir) throws IOException {
    Path abs = checkReplaceable(dir);
    Path parent = abs.getParent();
    if (parent == null) {
      throw new IllegalArgumentException(abs + ": an index cannot be the root directory");
    }
    Files.createDirectories(parent);
    return prepare(parent.resolve("." + abs.getFileName() + ".building"));
  }

  /** Replaces {@code dir} (an index or nothing) with the index built in {@code staging}. */
  public static void replace(Path staging, Path dir) throws IOException {
    Path abs = checkReplaceable(dir);
    if (Files.exists(abs)) {
      deleteTree(abs);
    }
    Files.move(staging, abs);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static boolean looksLikeIndex(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.allMatch(
          p -> {
            String n = p.getFileName().toString();
            // Lucene files: segments_N, write.lock and segment files named _<gen>...
            return Files.isRegularFile(p)
                && (n.startsWith("segments")
                    || n.equals("write.lock")
                    || n.startsWith("_")
                    || n.startsWith("pending_segments"));
          });
    }
  }

  public static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
