package dev.seismic.lucene.builder;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.IOUtils;

/** The build's temporary files, closed and deleted the same way by every writer that makes them. */
final class TempFiles {

  private TempFiles() {}

  /**
   * Closes {@code streams} (null ones are skipped), then deletes the files {@code names}, even when
   * closing failed. A failed deletion fails the flush or merge, as Lucene's own temporary files do:
   * a file left behind would be counted among the segment's.
   */
  static void closeAndDelete(Directory directory, List<String> names, Closeable... streams)
      throws IOException {
    Throwable failure = null;
    try {
      IOUtils.close(streams);
    } catch (Throwable t) {
      failure = t;
    }
    try {
      IOUtils.deleteFiles(directory, names);
    } catch (Throwable t) {
      failure = IOUtils.useOrSuppress(failure, t);
    }
    if (failure != null) {
      throw IOUtils.rethrowAlways(failure);
    }
  }
}
