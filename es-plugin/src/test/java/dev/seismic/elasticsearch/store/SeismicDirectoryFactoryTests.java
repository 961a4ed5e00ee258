package dev.seismic.elasticsearch.store;

import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;

import dev.seismic.lucene.codecs.SeismicPostingsFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.MemorySegmentAccessInput;
import org.apache.lucene.store.NIOFSDirectory;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.Index;
import org.elasticsearch.index.IndexModule;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.shard.ShardId;
import org.elasticsearch.index.shard.ShardPath;
import org.elasticsearch.index.store.FsDirectoryFactory;
import org.elasticsearch.index.store.Store;
import org.elasticsearch.test.ESTestCase;
import org.elasticsearch.test.IndexSettingsModule;

/** The directory {@link SeismicDirectoryFactory} builds, on real files in a shard folder. */
public class SeismicDirectoryFactoryTests extends ESTestCase {

  private static final String SEGMENT = "_0_" + SeismicPostingsFormat.NAME + "_0.";

  private static final List<String> SEISMIC_DATA_FILES =
      List.of(
          SEGMENT + SeismicPostingsFormat.TERMS_EXTENSION,
          SEGMENT + SeismicPostingsFormat.FORWARD_EXTENSION,
          SEGMENT + SeismicPostingsFormat.POSTINGS_EXTENSION,
          SEGMENT + SeismicPostingsFormat.SUMMARIES_EXTENSION,
          SEGMENT + SeismicPostingsFormat.GRAPH_EXTENSION);

  private Directory newDirectory(Settings nodeSettings) throws IOException {
    Index index = new Index("idx", "idx-uuid");
    IndexSettings settings =
        IndexSettingsModule.newIndexSettings(
            index,
            Settings.builder()
                .put(
                    IndexModule.INDEX_STORE_TYPE_SETTING.getKey(),
                    SeismicDirectoryFactory.STORE_TYPE)
                .build(),
            nodeSettings);
    Path shard = createTempDir().resolve(index.getUUID()).resolve("0");
    return new SeismicDirectoryFactory()
        .newDirectory(settings, new ShardPath(false, shard, shard, new ShardId(index, 0)));
  }

  private static void write(Directory directory, String name) throws IOException {
    try (IndexOutput out = directory.createOutput(name, IOContext.DEFAULT)) {
      out.writeBytes(new byte[64], 64);
    }
  }

  private static IndexInput open(Directory directory, String name, IOContext context)
      throws IOException {
    try (IndexInput input = directory.openInput(name, context)) {
      return input;
    }
  }

  public void testSeismicDataFilesAreMappedAndTheRestIsHybridfs() throws IOException {
    String meta = SEGMENT + SeismicPostingsFormat.META_EXTENSION;
    String storedFields = "_0.fdt";
    String postings = "_0_" + SeismicPostingsFormat.NAME + "_0.doc";
    try (Directory directory = newDirectory(Settings.EMPTY)) {
      assertTrue(FsDirectoryFactory.isHybridFs(directory));
      for (String file : SEISMIC_DATA_FILES) {
        write(directory, file);
        assertThat(
            file,
            open(directory, file, IOContext.DEFAULT),
            instanceOf(MemorySegmentAccessInput.class));
        // A checksum check of the footer only is not worth a mapping, as in hybridfs.
        assertThat(
            file,
            open(directory, file, IOContext.READONCE.withHints(Store.FileFooterOnly.INSTANCE)),
            not(instanceOf(MemorySegmentAccessInput.class)));
      }
      for (String file : List.of(meta, storedFields)) {
        write(directory, file);
        assertThat(
            file,
            open(directory, file, IOContext.DEFAULT),
            not(instanceOf(MemorySegmentAccessInput.class)));
      }
      write(directory, postings);
      assertThat(
          open(directory, postings, IOContext.DEFAULT), instanceOf(MemorySegmentAccessInput.class));

      directory.deleteFile(SEISMIC_DATA_FILES.get(0));
      expectThrows(
          IOException.class, () -> open(directory, SEISMIC_DATA_FILES.get(0), IOContext.DEFAULT));
      directory.close();
      expectThrows(
          AlreadyClosedException.class,
          () -> open(directory, SEISMIC_DATA_FILES.get(1), IOContext.DEFAULT));
    }
  }

  /** Where Elasticsearch's default store maps nothing, this one maps nothing either. */
  public void testNoMappingWhenTheNodeDisallowsIt() throws IOException {
    Settings noMmap =
        Settings.builder().put(IndexModule.NODE_STORE_ALLOW_MMAP.getKey(), false).build();
    try (Directory directory = newDirectory(noMmap)) {
      assertThat(directory, instanceOf(NIOFSDirectory.class));
      for (String file : SEISMIC_DATA_FILES) {
        write(directory, file);
        assertThat(
            file,
            open(directory, file, IOContext.DEFAULT),
            not(instanceOf(MemorySegmentAccessInput.class)));
      }
    }
  }
}
