package dev.seismic.elasticsearch.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockFactory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.store.NIOFSDirectory;
import org.elasticsearch.index.IndexModule;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.store.FsDirectoryFactory;

/**
 * The store type {@value #STORE_TYPE}: Elasticsearch's default store ({@code hybridfs}) with
 * Seismic's data files memory-mapped as well (see {@link SeismicMappedDirectory}).
 *
 * <p>Where Elasticsearch's default would not map at all ({@code node.store.allow_mmap: false}, a
 * 32-bit JVM, or Lucene unable to unmap), this store does what the default does there and maps
 * nothing.
 */
public final class SeismicDirectoryFactory extends FsDirectoryFactory {

  /** The value of {@code index.store.type} that selects this store. */
  public static final String STORE_TYPE = "seismic_hybridfs";

  /**
   * Builds the directory as {@link FsDirectoryFactory} builds {@code hybridfs} (its code picks the
   * type from {@code index.store.type}, which names this store here, so it cannot be called), then
   * wraps it so that Seismic's files are opened through the same mapping directory.
   */
  @Override
  protected Directory newFSDirectory(
      Path location, LockFactory lockFactory, IndexSettings indexSettings) throws IOException {
    boolean allowMmap = IndexModule.NODE_STORE_ALLOW_MMAP.get(indexSettings.getNodeSettings());
    if (IndexModule.defaultStoreType(allowMmap) != IndexModule.Type.HYBRIDFS) {
      return new NIOFSDirectory(location, lockFactory);
    }
    FSDirectory primary = FSDirectory.open(location, lockFactory);
    if (!(primary instanceof MMapDirectory mmap)) {
      return primary;
    }
    Set<String> preload =
        new HashSet<>(indexSettings.getValue(IndexModule.INDEX_STORE_PRE_LOAD_SETTING));
    MMapDirectory mapped = setMMapFunctions(adjustSharedArenaGrouping(mmap), preload);
    Directory hybrid =
        new HybridDirectory(
            lockFactory, mapped, indexSettings.getValue(FsDirectoryFactory.ASYNC_PREFETCH_LIMIT));
    return new SeismicMappedDirectory(hybrid, mapped);
  }
}
