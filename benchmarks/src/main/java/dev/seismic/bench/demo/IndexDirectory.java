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
      deleteTree(abs);
    }
    Files.createDirectories(abs);
    return abs;
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
