package dev.seismic.lucene.codecs;

import dev.seismic.lucene.check.FieldIndexCheck;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.RandomVectors;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

/**
 * The structure validator passes on indexes the format writes: random vectors, flushes, merges,
 * deletes, documents without the field, index sorting, several build settings, and both component
 * and document id widths. (That it fails on broken structures is {@link
 * TestSeismicCheckIndexCorruption}.)
 */
public class TestSeismicCheckIndex extends LuceneTestCase {

  private static final String FIELD = "vec";
  private static final String OTHER = "other";

  /** Settings that stress different parts: pruning, block counts, dissolving, summary sizes. */
  private static final BuildParams[] SETTINGS = {
    BuildParams.DEFAULTS,
    new BuildParams(1, Integer.MAX_VALUE, 0.1f, 1f, 2, 15), // lossless: no pruning, full summaries
    new BuildParams(1, 6, 0.5f, 0.3f, 0, 3), // short lists, many blocks, nothing dissolved
    new BuildParams(1, 12, 1f, 0.05f, 3, 1), // a centroid per posting, most clusters dissolved
    new BuildParams(1, 6, 0.5f, 0.3f, 0, 3).withNknn(5), // with a κ-NN graph
  };

  private static void assertClean(SeismicCheckIndex.Status status) {
    for (SeismicCheckIndex.FieldStatus f : status.fields()) {
      assertEquals(f.segment() + " " + f.field() + ": " + f.problems(), 0, f.problemCount());
    }
    assertTrue(status.clean());
  }

  public void testRandomIndexesAreClean() throws IOException {
    for (BuildParams params : SETTINGS) {
      try (Directory dir = newDirectory()) {
        IndexWriterConfig config =
            newIndexWriterConfig()
                .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD, OTHER));
        boolean sorted = random().nextBoolean();
        if (sorted) { // postings then reach the format through Lucene's sorting views
          config.setIndexSort(new Sort(new SortField("rank", SortField.Type.INT)));
        }
        FieldType type = SeismicVectorField.fieldType(params);
        FieldType otherType = SeismicVectorField.fieldType(BuildParams.DEFAULTS);
        RandomVectors vectors = new RandomVectors(random(), 400);
        int numDocs = atLeast(400);
        try (IndexWriter writer = new IndexWriter(dir, config)) {
          for (int i = 0; i < numDocs; i++) {
            Document doc = new Document();
            doc.add(new StringField("id", Integer.toString(i), Field.Store.NO));
            if (sorted) {
              doc.add(new NumericDocValuesField("rank", random().nextInt(50)));
            }
            if (random().nextInt(8) != 0) { // some documents lack the field
              SparseVector v = rarely() ? SparseVector.EMPTY : vectors.next(FIELD, 30);
              doc.add(new SeismicVectorField(FIELD, v, type));
            }
            if (random().nextInt(3) == 0) {
              doc.add(new SeismicVectorField(OTHER, vectors.next(OTHER, 5), otherType));
            }
            writer.addDocument(doc);
            if (i > 0 && random().nextInt(25) == 0) {
              writer.deleteDocuments(new Term("id", Integer.toString(random().nextInt(i))));
            }
            if (random().nextInt(100) == 0) {
              writer.commit();
            }
          }
          if (random().nextBoolean()) {
            writer.forceMerge(1 + random().nextInt(2));
          }
        }
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
          SeismicCheckIndex.Status all = new SeismicCheckIndex().check(reader);
          assertClean(all);
          SeismicCheckIndex.Status one =
              new SeismicCheckIndex().setFailFast(true).check(reader, FIELD);
          assertClean(one);
          assertFalse("no segment has the field", one.fields().isEmpty());
          assertTrue(all.fields().size() >= one.fields().size());
          long entries = 0;
          long postings = 0;
          long neighbours = 0;
          for (SeismicCheckIndex.FieldStatus f : one.fields()) {
            FieldIndexCheck.Counts c = f.counts();
            assertEquals(params.nknn(), c.nknn());
            assertEquals(
                "a graph row per document", params.nknn() == 0 ? 0 : c.maxDoc(), c.graphRows());
            assertTrue(c.graphNeighbours() <= c.graphRows() * c.nknn());
            assertTrue(c.graphScoredRows() <= c.graphRows());
            neighbours += c.graphNeighbours();
            assertEquals("a list per term", c.terms(), c.lists());
            assertEquals("a summary per block", c.blocks(), c.summaries());
            assertTrue(c.blocks() >= c.lists() && c.postings() >= c.blocks());
            entries += c.forwardEntries();
            postings += c.postings();
          }
          assertEquals(
              "rows hold neighbours exactly with a graph", params.nknn() > 0, neighbours > 0);
          if (params.minPostings() < 20) {
            assertTrue("short lists prune: " + postings + " of " + entries, postings < entries);
          }
        }
      }
    }
  }

  /**
   * More than 65,536 terms (4-byte components) and more than 65,536 documents (3-byte document ids)
   * in one segment.
   */
  public void testWideComponentsAndDocIds() throws IOException {
    int numDocs = 66_000;
    try (Directory dir = newFSDirectory(createTempDir("wide"))) {
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD))
              .setRAMBufferSizeMB(64);
      FieldType type = SeismicVectorField.fieldType(new BuildParams(1, 40, 0.2f, 0.5f, 2, 15));
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int i = 0; i < numDocs; i++) {
          Document doc = new Document();
          String[] tokens = {
            RandomVectors.token(i), RandomVectors.token(100_000 + random().nextInt(100)), "shared"
          };
          float[] weights = {
            0.1f + random().nextFloat(), 0.1f + random().nextFloat(), 0.1f + random().nextFloat()
          };
          doc.add(new SeismicVectorField(FIELD, SparseVector.of(FIELD, tokens, weights), type));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        SeismicCheckIndex.Status status = new SeismicCheckIndex().check(reader, FIELD);
        assertClean(status);
        assertEquals(1, status.fields().size());
        FieldIndexCheck.Counts c = status.fields().get(0).counts();
        assertEquals(numDocs, c.maxDoc());
        assertTrue("terms: " + c.terms(), c.terms() > 1 << 16);
        assertEquals(3L * numDocs, c.forwardEntries());
      }
    }
  }

  /**
   * A κ-NN graph over more than 65,536 documents: 3-byte ids in its rows. Documents come in pairs
   * sharing one token, so each row holds its pair and padding, and the graph is cheap to build.
   */
  public void testGraphWithThreeByteIds() throws IOException {
    int numDocs = 66_000;
    try (Directory dir = newFSDirectory(createTempDir("wide-graph"))) {
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD))
              .setRAMBufferSizeMB(64);
      FieldType type = SeismicVectorField.fieldType(BuildParams.DEFAULTS.withNknn(3));
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int i = 0; i < numDocs; i++) {
          Document doc = new Document();
          String[] tokens = {RandomVectors.token(i / 2)};
          float[] weights = {0.1f + random().nextFloat()};
          doc.add(new SeismicVectorField(FIELD, SparseVector.of(FIELD, tokens, weights), type));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        SeismicCheckIndex.Status status = new SeismicCheckIndex().check(reader, FIELD);
        assertClean(status);
        FieldIndexCheck.Counts c = status.fields().get(0).counts();
        assertEquals(numDocs, c.maxDoc());
        assertEquals(3, c.nknn());
        assertEquals(numDocs, c.graphRows());
        assertEquals("each document's one neighbour is its pair", numDocs, c.graphNeighbours());
        assertTrue(
            "rows scored: " + c.graphScoredRows(),
            c.graphScoredRows() > 0 && c.graphScoredRows() < numDocs);
      }
    }
  }

  /**
   * Documents longer than the summaries' per-document cap bring only their heaviest components to a
   * summary; the validator must judge those summaries by the same rule.
   */
  public void testLongDocuments() throws IOException {
    try (Directory dir = newDirectory()) {
      IndexWriterConfig config =
          new IndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
      FieldType type = SeismicVectorField.fieldType(new BuildParams(1, 50, 0.3f, 0.9f, 1, 15));
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int i = 0; i < 40; i++) {
          int n = i % 4 == 0 ? 300 + random().nextInt(400) : 1 + random().nextInt(50);
          String[] tokens = new String[n];
          float[] weights = new float[n];
          for (int t = 0; t < n; t++) {
            tokens[t] = RandomVectors.token(t); // long documents share their tokens
            weights[t] = 0.1f + random().nextInt(20) * 0.1f; // ties among the heaviest too
          }
          Document doc = new Document();
          doc.add(new SeismicVectorField(FIELD, SparseVector.of(FIELD, tokens, weights), type));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertClean(new SeismicCheckIndex().check(reader, FIELD));
      }
    }
  }

  public void testFieldArguments() throws IOException {
    try (Directory dir = newDirectory()) {
      IndexWriterConfig config =
          newIndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        Document doc = new Document();
        doc.add(new StringField("id", "1", Field.Store.NO));
        doc.add(
            new SeismicVectorField(
                FIELD, new RandomVectors(random(), 50).next(FIELD, 5), SeismicVectorField.TYPE));
        writer.addDocument(doc);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(List.of(), new SeismicCheckIndex().check(reader, "absent").fields());
        IllegalArgumentException e =
            expectThrows(
                IllegalArgumentException.class, () -> new SeismicCheckIndex().check(reader, "id"));
        assertTrue(e.getMessage(), e.getMessage().contains("\"id\""));
        assertEquals(1, new SeismicCheckIndex().check(reader).fields().size());
      }
    }
  }
}
