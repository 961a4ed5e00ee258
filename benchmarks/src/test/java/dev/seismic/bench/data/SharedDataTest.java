package dev.seismic.bench.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.tests.util.LuceneTestCase;

public class SharedDataTest extends LuceneTestCase {

  public void testPoolFilesLeaveOutQueriesAndUnknownScales() throws Exception {
    Optional<Path> shared = SharedData.locate();
    assumeTrue("shared data folder not found; skipping", shared.isPresent());
    assumeTrue("no SPLADE++ ED folder", Files.isDirectory(SharedData.spladePpEd(shared.get())));
    List<Path> files = RealPool.documentFiles(shared.get());
    assertFalse(files.isEmpty());
    for (Path f : files) {
      String name = f.getFileName().toString();
      assertFalse(name, name.equals(RealPool.QUERY_FILE));
      assertFalse(name, name.startsWith("topics.dl23."));
      assertTrue(name, ImpactScale.of(f).isPresent());
    }
  }
}
