package dev.seismic.elasticsearch.store;

import dev.seismic.lucene.codecs.SeismicPostingsFormat;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.MMapDirectory;
import org.elasticsearch.index.store.Store;

/**
 * Elasticsearch's {@code hybridfs} directory, except that Seismic's data files are opened
 * memory-mapped.
 *
 * <p>{@code hybridfs} maps only the extensions listed in Elasticsearch's {@code
 * LuceneFilesExtensions} and reads every other file with buffered reads, so the Seismic files of a
 * segment outside a compound file would be read with a system call per block. The Seismic search
 * jumps between the posting lists, summaries and forward index of many terms (and, for a query's
 * {@code knn}, the κ-NN graph's rows), which is the access pattern {@code hybridfs} maps its own
 * postings and vector files for.
 *
 * <p>Everything except opening a Seismic data file goes to the wrapped directory, which keeps
 * writing, deleting and listing files (and so the pending deletes). The meta file is not mapped: it
 * is read once when the segment opens, like the metadata files {@code hybridfs} leaves unmapped.
 */
final class SeismicMappedDirectory extends FilterDirectory {

  /** The Seismic files the search reads from (the meta file is read once, at open). */
  private static final Set<String> MAPPED_EXTENSIONS =
      Set.of(
          SeismicPostingsFormat.TERMS_EXTENSION,
          SeismicPostingsFormat.FORWARD_EXTENSION,
          SeismicPostingsFormat.POSTINGS_EXTENSION,
          SeismicPostingsFormat.SUMMARIES_EXTENSION,
          SeismicPostingsFormat.GRAPH_EXTENSION);

  private final MMapDirectory mapped;

  /**
   * @param hybrid the directory that owns the files (Elasticsearch's hybrid directory)
   * @param mapped a memory-mapping directory over the same folder, closed by {@code hybrid}
   */
  SeismicMappedDirectory(Directory hybrid, MMapDirectory mapped) {
    super(hybrid);
    this.mapped = Objects.requireNonNull(mapped, "mapped directory");
  }

  @Override
  public IndexInput openInput(String name, IOContext context) throws IOException {
    // A checksum check reads only the footer: mapping the file for it costs more than it saves
    // (hybridfs makes the same exception).
    if (isMappedFile(name) == false || context.hints().contains(Store.FileFooterOnly.INSTANCE)) {
      return in.openInput(name, context);
    }
    ensureOpen();
    // The mapping directory does not see the wrapped one's pending deletes: check them here, as
    // FSDirectory does before every open.
    if (getPendingDeletions().contains(name)) {
      throw new NoSuchFileException(
          "file \"" + name + "\" is pending delete and cannot be opened for read");
    }
    return mapped.openInput(name, context);
  }

  /** Whether a file of this name is one of Seismic's data files, which this directory maps. */
  static boolean isMappedFile(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 && MAPPED_EXTENSIONS.contains(name.substring(dot + 1));
  }
}
