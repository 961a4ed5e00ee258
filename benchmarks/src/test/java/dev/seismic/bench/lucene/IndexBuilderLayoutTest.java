package dev.seismic.bench.lucene;

import dev.seismic.bench.data.GeneratedData;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.lucene.document.BuildParams;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

/** The segment layouts of {@link IndexBuilder}, on both kinds of index. */
public class IndexBuilderLayoutTest extends LuceneTestCase {

  private static final VectorSet DOCS = GeneratedData.generate(7, 1_500, 1).documents();

  private IndexBuilder builder(IndexBuilder.Kind kind, SegmentLayout layout, double ramMb) {
    return new IndexBuilder(TestUtil.getDefaultCodec(), BuildParams.DEFAULTS, ramMb)
        .kind(kind)
        .layout(layout);
  }

  public void testSegmentsOfEqualSize() throws Exception {
    for (IndexBuilder.Kind kind : IndexBuilder.Kind.values()) {
      try (Directory dir = newFSDirectory(createTempDir())) {
        // A tiny RAM buffer must not add flushes: segments:N flushes at fixed counts only.
        IndexBuilder.Timing t =
            builder(kind, SegmentLayout.segments(4), 0.1).build(dir, DOCS, d -> {});
        assertEquals(4, t.segments());
        assertEquals(4, t.segmentsBeforeMerge());
        assertEquals(0, t.mergeNanos());
        try (DirectoryReader r = DirectoryReader.open(dir)) {
          assertEquals(4, r.leaves().size());
          for (var leaf : r.leaves()) {
            assertEquals(kind.toString(), DOCS.size() / 4, leaf.reader().maxDoc(), 1);
          }
          int[] ords = DocOrdinals.read(r);
          for (int i = 0; i < ords.length; i++) {
            assertEquals(i, ords[i]);
          }
        }
      }
    }
  }

  public void testMergedAndNatural() throws Exception {
    try (Directory dir = newFSDirectory(createTempDir())) {
      IndexBuilder.Timing t =
          builder(IndexBuilder.Kind.FEATURE_FIELD, SegmentLayout.MERGED, 0.5)
              .build(dir, DOCS, d -> {});
      assertTrue("the small buffer flushed several times", t.segmentsBeforeMerge() > 1);
      assertEquals(1, t.segments());
    }
    try (Directory dir = newFSDirectory(createTempDir())) {
      IndexBuilder.Timing t =
          builder(IndexBuilder.Kind.FEATURE_FIELD, SegmentLayout.NATURAL, 0.5)
              .build(dir, DOCS, d -> {});
      assertTrue(t.segments() > 1);
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        assertEquals(t.segments(), r.leaves().size());
        assertEquals(DOCS.size(), r.numDocs());
      }
    }
  }

  public void testMoreSegmentsThanDocuments() throws Exception {
    try (Directory dir = newFSDirectory(createTempDir())) {
      IllegalArgumentException e =
          expectThrows(
              IllegalArgumentException.class,
              () ->
                  builder(IndexBuilder.Kind.SEISMIC, SegmentLayout.segments(10), 16)
                      .build(dir, DOCS.head(5), d -> {}));
      assertTrue(e.getMessage(), e.getMessage().contains("segments:10"));
    }
  }
}
