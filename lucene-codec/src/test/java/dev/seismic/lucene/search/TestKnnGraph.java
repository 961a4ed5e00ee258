package dev.seismic.lucene.search;

import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.codecs.SeismicTerms;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.KnnGraph;
import java.io.IOException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.Bits;

/**
 * A segment's κ-NN graph: its rows follow the format's rules and hold neighbours by falling inner
 * product; building it changes nothing else in the segment; a query's {@code knn} only adds
 * documents to those the blocks gave, never returns a deleted or filtered-out one, and works over
 * many segments and after merges.
 */
public class TestKnnGraph extends LuceneTestCase {

  private static final String FIELD = "vec";

  /** Small lists in small blocks, so that block skipping leaves something for the graph. */
  private static BuildParams params(int nknn) {
    return new BuildParams(1, 100, 0.2f, 0.5f, 2, 10).withNknn(nknn);
  }

  private static IndexWriterConfig config() {
    return new IndexWriterConfig()
        .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD))
        .setMergePolicy(NoMergePolicy.INSTANCE);
  }

  /** Indexes {@code n} documents from a vector source seeded with {@code seed}, in segments. */
  private static void index(Directory dir, long seed, int n, int perSegment, BuildParams params)
      throws IOException {
    RandomVectors vectors = new RandomVectors(new Random(seed), 300);
    FieldType type = SeismicVectorField.fieldType(params);
    try (IndexWriter writer = new IndexWriter(dir, config())) {
      for (int i = 0; i < n; i++) {
        Document doc = new Document();
        doc.add(new StringField("id", Integer.toString(i), StringField.Store.NO));
        if (i % 17 != 5) { // some documents have no vector
          doc.add(new SeismicVectorField(FIELD, vectors.next(FIELD, 25), type));
        }
        writer.addDocument(doc);
        if ((i + 1) % perSegment == 0) {
          writer.flush();
        }
      }
      writer.commit();
    }
  }

  public void testRowsHoldOtherDocumentsByFallingScore() throws IOException {
    int nknn = 1 + random().nextInt(8);
    try (Directory dir = newDirectory()) {
      index(dir, random().nextLong(), 600 + random().nextInt(600), 400, params(nknn));
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertTrue(reader.leaves().size() > 1);
        for (LeafReaderContext leaf : reader.leaves()) {
          FieldIndex index = SeismicTerms.get(leaf.reader(), FIELD);
          KnnGraph graph = index.graph();
          assertNotNull("a field built with nknn > 0 has a graph", graph);
          assertEquals(nknn, graph.nknn());
          assertRowsValid(index, graph);
        }
      }
    }
  }

  private static void assertRowsValid(FieldIndex index, KnnGraph graph) throws IOException {
    KnnGraph.Reader rows = graph.reader();
    ForwardIndex.Cursor cursor = index.forward().cursor();
    ForwardIndex.Cursor other = index.forward().cursor();
    int nknn = graph.nknn();
    int[] row = new int[nknn];
    int full = 0;
    for (int doc = 0; doc < index.maxDoc(); doc++) {
      int n = rows.neighbours(doc, nknn, row, 0);
      if (cursor.length(doc) == 0) {
        assertEquals("a document without a vector has no neighbours", 0, n);
        continue;
      }
      full += n == nknn ? 1 : 0;
      float[] dense = dense(cursor, doc, index.terms().size());
      Set<Integer> distinct = new HashSet<>();
      float previous = Float.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        int neighbour = row[i];
        assertTrue(neighbour >= 0 && neighbour < index.maxDoc());
        assertTrue("a document is not its own neighbour", neighbour != doc);
        assertTrue("neighbour listed twice", distinct.add(neighbour));
        float score = other.dot(neighbour, dense);
        assertTrue("neighbours come best first", score <= previous);
        assertTrue("a neighbour shares a token", score > 0);
        previous = score;
      }
    }
    assertTrue("most rows are full in a segment of hundreds of documents", full > 0);
  }

  private static float[] dense(ForwardIndex.Cursor cursor, int doc, int numTerms)
      throws IOException {
    float[] dense = new float[numTerms];
    cursor.load(doc);
    for (int i = 0; i < cursor.length(); i++) {
      dense[cursor.component(i)] = SeismicVectorField.decodeWeight(cursor.value(i));
    }
    return dense;
  }

  /**
   * The graph is an addition: the other structures of a segment built with it are those of a
   * segment built without it, so a query without {@code knn} finds exactly the same hits.
   */
  public void testGraphChangesNothingElse() throws IOException {
    long seed = random().nextLong();
    try (Directory without = newDirectory();
        Directory with = newDirectory()) {
      index(without, seed, 800, 300, params(0));
      index(with, seed, 800, 300, params(4));
      try (DirectoryReader a = DirectoryReader.open(without);
          DirectoryReader b = DirectoryReader.open(with)) {
        RandomVectors queries = new RandomVectors(random(), 300);
        for (int q = 0; q < 20; q++) {
          SparseVector vector = queries.next(FIELD, 20);
          SeismicQuery query = new SeismicQuery(FIELD, vector, 10, 3, 0.6f, null);
          assertSameHits(
              new IndexSearcher(a).search(query, 10), new IndexSearcher(b).search(query, 10));
        }
      }
    }
  }

  /**
   * Refinement scores documents on top of those the blocks gave, so each of the top k scores is at
   * least what it was without it; it never returns a deleted document; and it does nothing on an
   * index built without a graph.
   */
  public void testRefinementOnlyAdds() throws IOException {
    long seed = random().nextLong();
    try (Directory dir = newDirectory();
        Directory plain = newDirectory()) {
      index(dir, seed, 1200, 400, params(8));
      index(plain, seed, 1200, 400, params(0));
      Set<String> deleted = new HashSet<>();
      try (IndexWriter writer = new IndexWriter(dir, config())) {
        for (int i = 0; i < 60; i++) {
          String id = Integer.toString(random().nextInt(1200));
          deleted.add(id);
          writer.deleteDocuments(new Term("id", id));
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir);
          DirectoryReader plainReader = DirectoryReader.open(plain)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        IndexSearcher plainSearcher = new IndexSearcher(plainReader);
        RandomVectors queries = new RandomVectors(random(), 300);
        int improved = 0;
        for (int q = 0; q < 30; q++) {
          SparseVector vector = queries.next(FIELD, 20);
          SeismicQuery base = new SeismicQuery(FIELD, vector, 10, 2, 1f, null);
          TopDocs before = searcher.search(base, 10);
          TopDocs after = searcher.search(base.withKnn(8), 10);
          assertTrue(after.scoreDocs.length >= before.scoreDocs.length);
          for (int i = 0; i < before.scoreDocs.length; i++) {
            assertTrue(
                "refinement lowered hit " + i,
                after.scoreDocs[i].score >= before.scoreDocs[i].score);
            improved += after.scoreDocs[i].score > before.scoreDocs[i].score ? 1 : 0;
          }
          assertNoneDeleted(reader, after);
          assertSameHits(plainSearcher.search(base, 10), plainSearcher.search(base.withKnn(8), 10));
        }
        assertTrue("refinement found better hits for some query", improved > 0);
      }
    }
  }

  private static void assertNoneDeleted(DirectoryReader reader, TopDocs hits) throws IOException {
    for (ScoreDoc hit : hits.scoreDocs) {
      LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(hit.doc, reader.leaves()));
      Bits live = leaf.reader().getLiveDocs();
      assertTrue("a deleted document returned", live == null || live.get(hit.doc - leaf.docBase));
    }
  }

  /** After a merge, the merged segment's graph is rebuilt over its live documents. */
  public void testMergeRebuildsTheGraph() throws IOException {
    try (Directory dir = newDirectory()) {
      index(dir, random().nextLong(), 900, 300, params(3));
      try (IndexWriter writer =
          new IndexWriter(
              dir,
              new IndexWriterConfig()
                  .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD)))) {
        writer.deleteDocuments(new Term("id", "7"));
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(1, reader.leaves().size());
        FieldIndex index = SeismicTerms.get(reader.leaves().get(0).reader(), FIELD);
        assertEquals(899, index.maxDoc());
        assertRowsValid(index, index.graph());
      }
    }
  }

  private static void assertSameHits(TopDocs expected, TopDocs actual) {
    assertEquals(expected.scoreDocs.length, actual.scoreDocs.length);
    for (int i = 0; i < expected.scoreDocs.length; i++) {
      assertEquals(expected.scoreDocs[i].doc, actual.scoreDocs[i].doc);
      assertEquals(expected.scoreDocs[i].score, actual.scoreDocs[i].score, 0f);
    }
  }
}
