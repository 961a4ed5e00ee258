package dev.seismic.bench.report;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.store.Directory;

/** Bytes per file extension of an index, to show what each structure costs. */
public final class IndexFileSizes {

  private IndexFileSizes() {}

  /** Extension (or {@code segments} for commit points) to total bytes, sorted by extension. */
  public static Map<String, Long> byExtension(Directory dir) throws IOException {
    Map<String, Long> sizes = new TreeMap<>();
    for (String file : dir.listAll()) {
      if (file.equals("write.lock")) {
        continue;
      }
      String ext;
      if (file.startsWith("segments")) {
        ext = "segments";
      } else {
        int dot = file.lastIndexOf('.');
        ext = dot < 0 ? file : file.substring(dot + 1);
      }
      sizes.merge(ext, dir.fileLength(file), Long::sum);
    }
    return sizes;
  }
}
