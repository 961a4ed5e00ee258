package dev.seismic.lucene.search;

import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.index.FieldFilterLeafReader;
import org.apache.lucene.tests.search.QueryUtils;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

/**
 * Seismic search against brute force. With lossless settings (no pruning, full summaries, every
 * list searched, nothing skipped) the top-k must equal exact top-k; with lossy settings every hit
 * must still carry its exact score and satisfy the filter, and recall must stay high.
 */
public class TestSeismicQuery extends LuceneTestCase {

  private static final String FIELD = "vec";

  /** No pruning, full summaries: nothing Seismic does may lose a hit. */
  private static final BuildParams LOSSLESS =
      new BuildParams(1, Integer.MAX_VALUE, 0.1f, 1f, 2, 15);

  private record Corpus(Directory dir, List<SparseVector> vectors, Set<Integer> deleted) {}

  private Corpus index(int numDocs, int vocabulary, BuildParams params, boolean deletes)
      throws IOException {
    Directory dir = newDirectory();
    IndexWriterConfig config =
        newIndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
    FieldType type = SeismicVectorField.fieldType(params);
    RandomVectors random = new RandomVectors(random(), vocabulary);
    List<SparseVector> vectors = new ArrayList<>();
    Set<Integer> deleted = new HashSet<>();
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (int i = 0; i < numDocs; i++) {
        Document doc = new Document();
        doc.add(new StringField("id", Integer.toString(i), Field.Store.YES));
        doc.add(new StringField("parity", i % 2 == 0 ? "even" : "odd", Field.Store.NO));
        SparseVector v = rarely() ? SparseVector.EMPTY : random.next(FIELD, 40);
        vectors.add(v);
        if (random().nextInt(10) != 0) { // some documents lack the field altogether
          doc.add(new SeismicVectorField(FIELD, v, type));
        } else {
          vectors.set(i, SparseVector.EMPTY);
        }
        writer.addDocument(doc);
        if (deletes && i > 0 && random().nextInt(20) == 0) {
          int victim = random().nextInt(i);
          writer.deleteDocuments(new Term("id", Integer.toString(victim)));
          deleted.add(victim);
        }
      }
      if (random().nextBoolean()) {
        writer.forceMerge(1);
      }
    }
    return new Corpus(dir, vectors, deleted);
  }

  /** Exact top-k ids over live documents, best first, ties to the smaller id. */
  private static List<Integer> bruteForce(Corpus corpus, SparseVector query, int k, String parity) {
    List<double[]> scored = new ArrayList<>();
    for (int i = 0; i < corpus.vectors.size(); i++) {
      if (corpus.deleted.contains(i)) {
        continue;
      }
      if (parity != null && (i % 2 == 0) != parity.equals("even")) {
        continue;
      }
      double s = RandomVectors.score(query, corpus.vectors.get(i));
      if (s > 0) {
        scored.add(new double[] {s, i});
      }
    }
    scored.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < Math.min(k, scored.size()); i++) {
      ids.add((int) scored.get(i)[1]);
    }
    return ids;
  }

  private static int id(IndexSearcher searcher, ScoreDoc hit) throws IOException {
    return Integer.parseInt(searcher.storedFields().document(hit.doc).get("id"));
  }

  /** Every hit's score must be its exact score; returns the hits' ids. */
  private static List<Integer> checkScores(
      IndexSearcher searcher, Corpus corpus, SparseVector query, TopDocs top) throws IOException {
    List<Integer> ids = new ArrayList<>();
    for (ScoreDoc hit : top.scoreDocs) {
      int id = id(searcher, hit);
      assertFalse("deleted document " + id + " returned", corpus.deleted.contains(id));
      double exact = RandomVectors.score(query, corpus.vectors.get(id));
      assertEquals("score of document " + id, exact, hit.score, 1e-4 * Math.max(1, exact));
      ids.add(id);
    }
    return ids;
  }

  /** Exact top-k may differ from ours only by documents whose scores tie. */
  private static void assertSameTopK(
      Corpus corpus, SparseVector query, List<Integer> expected, List<Integer> actual) {
    assertEquals("number of hits", expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      double e = RandomVectors.score(query, corpus.vectors.get(expected.get(i)));
      double a = RandomVectors.score(query, corpus.vectors.get(actual.get(i)));
      assertEquals("score at rank " + i, e, a, 1e-4 * Math.max(1, e));
    }
  }

  public void testLosslessEqualsBruteForce() throws IOException {
    Corpus corpus = index(atLeast(300), 500, LOSSLESS, true);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      RandomVectors random = new RandomVectors(random(), 500);
      for (int q = 0; q < 30; q++) {
        SparseVector query = random.next(FIELD, 20);
        int k = 1 + random().nextInt(20);
        String parity = random().nextBoolean() ? null : (random().nextBoolean() ? "even" : "odd");
        Query filter = parity == null ? null : new TermQuery(new Term("parity", parity));
        SeismicQuery seismic =
            new SeismicQuery(FIELD, query, k, Integer.MAX_VALUE, Float.MIN_VALUE, filter);
        TopDocs top = searcher.search(seismic, k);
        List<Integer> actual = checkScores(searcher, corpus, query, top);
        assertSameTopK(corpus, query, bruteForce(corpus, query, k, parity), actual);
        if (parity != null) {
          for (int id : actual) {
            assertEquals("filter", parity.equals("even"), id % 2 == 0);
          }
        }
      }
    }
    corpus.dir.close();
  }

  public void testExactQueryAgrees() throws IOException {
    Corpus corpus = index(atLeast(200), 300, LOSSLESS, false);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      RandomVectors random = new RandomVectors(random(), 300);
      for (int q = 0; q < 10; q++) {
        SparseVector query = random.next(FIELD, 15);
        TopDocs exact = searcher.search(SeismicQuery.exactQuery(FIELD, query), 10);
        TopDocs seismic =
            searcher.search(
                new SeismicQuery(FIELD, query, 10, Integer.MAX_VALUE, Float.MIN_VALUE, null), 10);
        assertEquals(exact.scoreDocs.length, seismic.scoreDocs.length);
        for (int i = 0; i < exact.scoreDocs.length; i++) {
          assertEquals(exact.scoreDocs[i].score, seismic.scoreDocs[i].score, 1e-4f);
        }
      }
    }
    corpus.dir.close();
  }

  /** Heavy pruning and skipping: hits stay exact-scored and filtered, recall stays useful. */
  public void testLossyHitsAreExactAndRecallHigh() throws IOException {
    BuildParams lossy = new BuildParams(1, 30, 0.2f, 0.4f, 2, 15);
    Corpus corpus = index(atLeast(2000), 2000, lossy, true);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      RandomVectors random = new RandomVectors(random(), 2000);
      int found = 0;
      int expected = 0;
      for (int q = 0; q < 40; q++) {
        SparseVector query = random.next(FIELD, 20);
        String parity = random().nextInt(4) == 0 ? "odd" : null;
        Query filter = parity == null ? null : new TermQuery(new Term("parity", parity));
        SeismicQuery seismic = new SeismicQuery(FIELD, query, 10, 5, 0.8f, filter);
        TopDocs top = searcher.search(seismic, 10);
        List<Integer> actual = checkScores(searcher, corpus, query, top);
        Query rewritten = searcher.rewrite(seismic);
        if (rewritten instanceof SeismicHitsQuery hits) {
          assertTrue(hits.scoredDocuments() >= hits.size());
          assertTrue(hits.scoredDocuments() <= reader.maxDoc());
        }
        List<Integer> truth = bruteForce(corpus, query, 10, parity);
        assertEquals("k hits whenever k documents match", truth.size(), actual.size());
        for (int id : actual) {
          if (parity != null) {
            assertEquals(1, id % 2);
          }
        }
        Set<Integer> truthSet = new HashSet<>(truth);
        for (int id : actual) {
          if (truthSet.contains(id)) {
            found++;
          }
        }
        expected += truth.size();
      }
      double recall = (double) found / expected;
      assertTrue("recall@10 " + recall, recall > 0.5);
    }
    corpus.dir.close();
  }

  public void testVocabularyOver65536() throws IOException {
    // 70,000 distinct tokens force 4-byte components everywhere.
    int vocabulary = 70_000;
    Directory dir = newDirectory();
    IndexWriterConfig config =
        newIndexWriterConfig()
            .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD))
            .setMaxBufferedDocs(100_000)
            .setRAMBufferSizeMB(256);
    List<SparseVector> vectors = new ArrayList<>();
    FieldType type = SeismicVectorField.fieldType(LOSSLESS);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (int i = 0; i < 1000; i++) {
        String[] tokens = new String[70];
        float[] weights = new float[70];
        for (int j = 0; j < 70; j++) {
          tokens[j] = RandomVectors.token(i * 70 + j);
          weights[j] = 0.1f + random().nextFloat();
        }
        if (i % 7 == 0) {
          tokens[0] = "shared";
        }
        SparseVector v = SparseVector.of(FIELD, tokens, weights);
        vectors.add(v);
        Document doc = new Document();
        doc.add(new StringField("id", Integer.toString(i), Field.Store.YES));
        doc.add(new SeismicVectorField(FIELD, v, type));
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
    }
    Corpus corpus = new Corpus(dir, vectors, Set.of());
    try (IndexReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      for (int q = 0; q < 10; q++) {
        int a = random().nextInt(vocabulary);
        SparseVector query =
            SparseVector.of(
                FIELD,
                new String[] {"shared", RandomVectors.token(a), RandomVectors.token(69_999)},
                new float[] {0.5f, 2f, 1f});
        TopDocs top =
            searcher.search(
                new SeismicQuery(FIELD, query, 5, Integer.MAX_VALUE, Float.MIN_VALUE, null), 5);
        List<Integer> actual = checkScores(searcher, corpus, query, top);
        assertSameTopK(corpus, query, bruteForce(corpus, query, 5, null), actual);
      }
    }
    dir.close();
  }

  public void testAllVectorDocsDeletedThenMerged() throws IOException {
    Corpus corpus = index(100, 100, BuildParams.DEFAULTS, false);
    IndexWriterConfig config =
        newIndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
    try (IndexWriter writer = new IndexWriter(corpus.dir, config)) {
      for (int i = 0; i < 100; i++) {
        writer.deleteDocuments(new Term("id", Integer.toString(i)));
      }
      Document doc = new Document();
      doc.add(new StringField("id", "plain", Field.Store.YES));
      writer.addDocument(doc);
      writer.forceMerge(1);
    }
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      SparseVector query = new RandomVectors(random(), 100).next(FIELD, 10);
      assertEquals(
          0,
          searcher
              .search(new SeismicQuery(FIELD, query, 10, 10, 0.7f, null), 10)
              .totalHits
              .value());
    }
    corpus.dir.close();
  }

  /**
   * Segments without the field next to segments with it, documents updated so that their newest
   * version lives in another segment, then merges: results must follow the latest versions.
   */
  public void testUpdatesAndSegmentsWithoutField() throws IOException {
    Directory dir = newDirectory();
    IndexWriterConfig config =
        newIndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
    FieldType type = SeismicVectorField.fieldType(LOSSLESS);
    RandomVectors random = new RandomVectors(random(), 200);
    int numDocs = 200;
    List<SparseVector> vectors = new ArrayList<>();
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      // A segment where no document has the field.
      for (int i = 0; i < numDocs; i++) {
        Document doc = new Document();
        doc.add(new StringField("id", Integer.toString(i), Field.Store.YES));
        writer.addDocument(doc);
        vectors.add(SparseVector.EMPTY);
      }
      writer.commit();
      // Rounds of updates, each round flushed as its own segment(s).
      for (int round = 0; round < 3; round++) {
        for (int n = 0; n < numDocs / 2; n++) {
          int i = random().nextInt(numDocs);
          SparseVector v = random.next(FIELD, 20);
          Document doc = new Document();
          doc.add(new StringField("id", Integer.toString(i), Field.Store.YES));
          doc.add(new SeismicVectorField(FIELD, v, type));
          writer.updateDocument(new Term("id", Integer.toString(i)), doc);
          vectors.set(i, v);
        }
        writer.commit();
        if (round == 1) {
          writer.forceMerge(2);
        }
      }
    }
    Corpus corpus = new Corpus(dir, vectors, Set.of());
    try (IndexReader reader = DirectoryReader.open(dir)) {
      assertEquals(numDocs, reader.numDocs());
      IndexSearcher searcher = newSearcher(reader, false);
      for (int q = 0; q < 20; q++) {
        SparseVector query = random.next(FIELD, 15);
        TopDocs top =
            searcher.search(
                new SeismicQuery(FIELD, query, 10, Integer.MAX_VALUE, Float.MIN_VALUE, null), 10);
        List<Integer> actual = checkScores(searcher, corpus, query, top);
        assertSameTopK(corpus, query, bruteForce(corpus, query, 10, null), actual);
      }
    }
    dir.close();
  }

  public void testQueryUtilsAndExplain() throws IOException {
    Corpus corpus = index(atLeast(100), 200, BuildParams.DEFAULTS, true);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      RandomVectors random = new RandomVectors(random(), 200);
      SparseVector query = random.next(FIELD, 10);
      SeismicQuery seismic = new SeismicQuery(FIELD, query, 5, 10, 0.7f, null);
      // Not QueryUtils.check as a whole, nor checkSkipTo: they also run the query on each segment
      // alone and expect the same matches there, which a top-k query cannot give,
      // since each segment alone has top k of its own (Lucene's kNN query tests skip it too).
      QueryUtils.check(seismic);
      QueryUtils.checkExplanations(seismic, searcher);
      QueryUtils.checkBulkScorerSkipTo(random(), seismic, searcher);
      QueryUtils.checkCount(seismic, searcher);
      // Empty readers around the index, and the test framework's random reader wrappers (parallel
      // readers among them), leave the query working: as many hits, with their exact scores.
      int numHits = searcher.search(seismic, 5).scoreDocs.length;
      for (int edge = -1; edge <= 1; edge++) {
        IndexSearcher wrapped = QueryUtils.wrapUnderlyingReader(random(), searcher, edge);
        TopDocs wrappedTop = wrapped.search(seismic, 5);
        assertEquals("edge " + edge, numHits, wrappedTop.scoreDocs.length);
        checkScores(wrapped, corpus, query, wrappedTop);
      }
      TopDocs top = searcher.search(seismic, 5);
      for (ScoreDoc hit : top.scoreDocs) {
        Explanation e = searcher.explain(seismic, hit.doc);
        assertTrue(e.isMatch());
        assertEquals(hit.score, e.getValue().floatValue(), 0f);
        double sum =
            Arrays.stream(e.getDetails()).mapToDouble(d -> d.getValue().doubleValue()).sum();
        assertEquals(hit.score, sum, 1e-4 * Math.max(1, hit.score));
      }
    }
    corpus.dir.close();
  }

  /**
   * A field that a reader wrapper hides (as field-level security does) is not searched and not
   * explained; a wrapper that shows it is searched through.
   */
  public void testFieldHiddenByAReaderWrapper() throws IOException {
    Corpus corpus = index(atLeast(100), 200, BuildParams.DEFAULTS, false);
    SparseVector query = new RandomVectors(random(), 200).next(FIELD, 10);
    SeismicQuery seismic = new SeismicQuery(FIELD, query, 5, 10, 0.7f, null);
    try (DirectoryReader reader = DirectoryReader.open(corpus.dir)) {
      TopDocs plain = new IndexSearcher(reader).search(seismic, 5);
      assertTrue("the query matches nothing even unwrapped", plain.scoreDocs.length > 0);

      DirectoryReader hiding = filterFields(reader, Set.of(FIELD), true);
      IndexSearcher hidden = new IndexSearcher(hiding);
      assertEquals(0, hidden.search(seismic, 5).scoreDocs.length);
      Explanation e = hidden.explain(seismic, plain.scoreDocs[0].doc);
      assertFalse(e.isMatch());
      assertEquals(0, e.getDetails().length);

      DirectoryReader showing = filterFields(reader, Set.of("no such field"), true);
      TopDocs shown = new IndexSearcher(showing).search(seismic, 5);
      assertEquals(
          Arrays.asList(plain.scoreDocs).toString(),
          plain.scoreDocs.length,
          shown.scoreDocs.length);
      for (int i = 0; i < shown.scoreDocs.length; i++) {
        assertEquals(plain.scoreDocs[i].doc, shown.scoreDocs[i].doc);
        assertEquals(plain.scoreDocs[i].score, shown.scoreDocs[i].score, 0f);
      }
    }
    corpus.dir.close();
  }

  /** The reader with each segment wrapped in a {@link FieldFilterLeafReader}; not to be closed. */
  private static DirectoryReader filterFields(
      DirectoryReader reader, Set<String> fields, boolean negate) throws IOException {
    return new FilterDirectoryReader(
        reader,
        new FilterDirectoryReader.SubReaderWrapper() {
          @Override
          public LeafReader wrap(LeafReader leaf) {
            return new FieldFilterLeafReader(leaf, fields, negate);
          }
        }) {
      @Override
      protected DirectoryReader doWrapDirectoryReader(DirectoryReader in) {
        throw new UnsupportedOperationException();
      }

      @Override
      public CacheHelper getReaderCacheHelper() {
        return null;
      }
    };
  }

  public void testTimeoutReturnsWhatWasFound() throws IOException {
    Corpus corpus = index(200, 100, BuildParams.DEFAULTS, false);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      searcher.setTimeout(() -> true);
      SparseVector query = new RandomVectors(random(), 100).next(FIELD, 10);
      TopDocs top = searcher.search(new SeismicQuery(FIELD, query, 10, 10, 0.7f, null), 10);
      // Whatever a timed-out search returns must be real hits with their exact scores.
      checkScores(searcher, corpus, query, top);
    }
    corpus.dir.close();
  }

  public void testParameterValidation() {
    SparseVector q = SparseVector.of(FIELD, new String[] {"a"}, new float[] {1f});
    expectThrows(
        IllegalArgumentException.class, () -> new SeismicQuery(FIELD, q, 0, 10, 0.7f, null));
    expectThrows(
        IllegalArgumentException.class, () -> new SeismicQuery(FIELD, q, 10, 0, 0.7f, null));
    expectThrows(
        IllegalArgumentException.class, () -> new SeismicQuery(FIELD, q, 10, 10, 0f, null));
    expectThrows(
        IllegalArgumentException.class, () -> new SeismicQuery(FIELD, q, 10, 10, 1.5f, null));
    expectThrows(
        IllegalArgumentException.class, () -> new SeismicQuery(FIELD, q, 10, 10, Float.NaN, null));
    IllegalArgumentException e =
        expectThrows(
            IllegalArgumentException.class,
            () -> new SeismicQuery(FIELD, SparseVector.EMPTY, 10, 10, 0.7f, null));
    assertTrue(e.getMessage(), e.getMessage().contains("empty"));
  }
}
