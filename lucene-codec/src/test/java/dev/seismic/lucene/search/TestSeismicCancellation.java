package dev.seismic.lucene.search;

import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.ExitableDirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.junit.AfterClass;
import org.junit.BeforeClass;

/**
 * Timeouts and cancellation: the searcher's {@link QueryTimeout} and an engine's checks attached
 * with {@link SeismicQuery#withCancellation} stop a search within one batch of work; a check that
 * throws ends the search with its exception and leaves the thread ready for the next search.
 */
public class TestSeismicCancellation extends LuceneTestCase {

  private static final String FIELD = "vec";
  private static final int DOCS = 3000;
  private static final int EXACT_BATCH = 64; // SegmentSearch's

  private static Directory dir;
  private static DirectoryReader reader;
  private static List<SparseVector> vectors;

  @BeforeClass
  public static void buildIndex() throws IOException {
    dir = newDirectory();
    IndexWriterConfig config =
        newIndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
    FieldType type = SeismicVectorField.fieldType(BuildParams.DEFAULTS);
    RandomVectors random = new RandomVectors(random(), 50);
    vectors = new ArrayList<>();
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (int i = 0; i < DOCS; i++) {
        Document doc = new Document();
        doc.add(new StringField("id", Integer.toString(i), Field.Store.YES));
        doc.add(new StringField("parity", i % 2 == 0 ? "even" : "odd", Field.Store.NO));
        doc.add(new StringField("tenth", i % 10 == 0 ? "yes" : "no", Field.Store.NO));
        SparseVector v = random.next(FIELD, 20);
        vectors.add(v);
        doc.add(new SeismicVectorField(FIELD, v, type));
        writer.addDocument(doc);
      }
      writer.forceMerge(1); // one segment: the work done is easy to count
    }
    reader = DirectoryReader.open(dir);
  }

  @AfterClass
  public static void close() throws IOException {
    reader.close();
    dir.close();
    reader = null;
    dir = null;
    vectors = null;
  }

  /** A broad filter and a huge k: the exact path scores every even document, 64 at a time. */
  private static SeismicQuery slowQuery(SparseVector v) {
    return new SeismicQuery(
        FIELD, v, Integer.MAX_VALUE, 5, 0.6f, new TermQuery(new Term("parity", "even")));
  }

  private static SparseVector queryVector() {
    return new RandomVectors(random(), 50).next(FIELD, 10);
  }

  /** A check saying "stop" after {@code allowed} calls. */
  private static QueryTimeout exitAfter(int allowed, AtomicInteger calls) {
    return () -> calls.incrementAndGet() > allowed;
  }

  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled by the test");
    }
  }

  private static long scored(Query rewritten) {
    return rewritten instanceof SeismicHitsQuery hits ? hits.scoredDocuments() : 0;
  }

  private static void checkExactScores(IndexSearcher searcher, SparseVector v, TopDocs top)
      throws IOException {
    for (ScoreDoc hit : top.scoreDocs) {
      int id = Integer.parseInt(searcher.storedFields().document(hit.doc).get("id"));
      assertEquals("an even document", 0, id % 2);
      double exact = RandomVectors.score(v, vectors.get(id));
      assertEquals("score of " + id, exact, hit.score, 1e-4 * Math.max(1, exact));
    }
  }

  public void testFullSearchScoresEveryFilteredDocument() throws IOException {
    IndexSearcher searcher = new IndexSearcher(reader);
    assertEquals(DOCS / 2, scored(searcher.rewrite(slowQuery(queryVector()))));
  }

  public void testEngineCheckSayingExitStopsWithinOneBatch() throws IOException {
    IndexSearcher searcher = new IndexSearcher(reader);
    SparseVector v = queryVector();
    long previous = -1;
    for (int allowed : new int[] {0, 1, 3, 10}) {
      AtomicInteger calls = new AtomicInteger();
      Query query = slowQuery(v).withCancellation(s -> exitAfter(allowed, calls));
      Query rewritten = searcher.rewrite(query);
      // One look before each block or batch: the search stops at the first look saying so.
      assertEquals("allowed " + allowed, allowed + 1, calls.get());
      long scored = scored(rewritten);
      assertTrue("allowed " + allowed + ": " + scored, scored > previous && scored < DOCS / 2);
      previous = scored;
      if (allowed == 0) {
        assertTrue(rewritten instanceof MatchNoDocsQuery);
      } else {
        checkExactScores(searcher, v, searcher.search(rewritten, Integer.MAX_VALUE));
      }
    }
  }

  /** Fewer candidates than postings: the exact path alone, one look per batch of 64. */
  public void testExactPathStopsWithinOneBatch() throws IOException {
    IndexSearcher searcher = new IndexSearcher(reader);
    // The five most frequent tokens: each list holds λ = 200 postings, so the cut lists hold more
    // postings than the 300 filtered documents and the exact path is the cheaper one whatever the
    // seed (a random query may have one rare token, whose short list makes it approximate).
    Map<String, Float> tokens = new HashMap<>();
    for (int id = 0; id < 5; id++) {
      tokens.put(RandomVectors.token(id), 1f + random().nextFloat());
    }
    SparseVector v = SparseVector.of(FIELD, tokens);
    Query filter = new TermQuery(new Term("tenth", "yes"));
    assertEquals(
        DOCS / 10, scored(searcher.rewrite(new SeismicQuery(FIELD, v, 1000, 5, 0.6f, filter))));
    for (int allowed : new int[] {1, 2, 4}) {
      AtomicInteger calls = new AtomicInteger();
      Query query =
          new SeismicQuery(FIELD, v, 1000, 5, 0.6f, filter)
              .withCancellation(s -> exitAfter(allowed, calls));
      assertEquals((long) allowed * EXACT_BATCH, scored(searcher.rewrite(query)));
      assertEquals(allowed + 1, calls.get());
    }
  }

  public void testSearchersTimeoutStillStopsTheSearch() throws IOException {
    IndexSearcher searcher = new IndexSearcher(reader);
    AtomicInteger calls = new AtomicInteger();
    searcher.setTimeout(exitAfter(2, calls));
    AtomicInteger engineCalls = new AtomicInteger();
    Query query = slowQuery(queryVector()).withCancellation(s -> exitAfter(1000, engineCalls));
    long scored = scored(searcher.rewrite(query));
    assertTrue("scored " + scored, scored > 0 && scored < DOCS / 2);
    assertEquals(3, calls.get());
  }

  public void testEngineCheckThatThrowsEndsTheSearch() throws IOException {
    IndexSearcher searcher = new IndexSearcher(reader);
    SparseVector v = queryVector();
    AtomicInteger calls = new AtomicInteger();
    Query query =
        slowQuery(v)
            .withCancellation(
                s -> {
                  assertSame(searcher, s);
                  return () -> {
                    if (calls.incrementAndGet() > 3) {
                      throw new Cancelled();
                    }
                    return false;
                  };
                });
    expectThrows(Cancelled.class, () -> searcher.rewrite(query));
    assertEquals("no look after the one that threw", 4, calls.get());
    // The thread's scratch space was cleaned: the next search finds the same as a fresh one.
    TopDocs again = searcher.search(slowQuery(v), 100);
    TopDocs fresh = new IndexSearcher(reader).search(slowQuery(v), 100);
    assertEquals(fresh.scoreDocs.length, again.scoreDocs.length);
    for (int i = 0; i < fresh.scoreDocs.length; i++) {
      assertEquals(fresh.scoreDocs[i].score, again.scoreDocs[i].score, 0f);
    }
  }

  public void testEngineCheckThatThrowsWithAnExecutor() throws Exception {
    var executor = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      IndexSearcher searcher = new IndexSearcher(reader, executor);
      Query query =
          slowQuery(queryVector())
              .withCancellation(
                  s ->
                      () -> {
                        throw new Cancelled();
                      });
      expectThrows(Cancelled.class, () -> searcher.rewrite(query));
    } finally {
      executor.shutdown();
    }
  }

  public void testNoChecksForASearcherWithout() throws IOException {
    IndexSearcher searcher = new IndexSearcher(reader);
    Query query = slowQuery(queryVector()).withCancellation(s -> null);
    assertEquals(DOCS / 2, scored(searcher.rewrite(query)));
    assertEquals("the check is not part of the query's identity", slowQuery(query), query);
  }

  /**
   * Lucene's own {@link ExitableDirectoryReader} with the same {@link QueryTimeout} on the searcher
   * (how a Lucene application bounds a search): the Seismic search reads through the wrapper and
   * stops on the searcher's timeout, returning what it found.
   */
  public void testUnderLucenesExitableDirectoryReader() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    QueryTimeout timeout = exitAfter(5, calls);
    DirectoryReader exitable = ExitableDirectoryReader.wrap(reader, timeout);
    IndexSearcher searcher = new IndexSearcher(exitable);
    searcher.setTimeout(timeout);
    SparseVector v = queryVector();
    Query rewritten = searcher.rewrite(slowQuery(v));
    long scored = scored(rewritten);
    assertTrue("scored " + scored, scored > 0 && scored <= 5L * EXACT_BATCH);
    checkExactScores(searcher, v, searcher.search(rewritten, Integer.MAX_VALUE));
  }

  private static SeismicQuery slowQuery(Query withCheck) {
    SeismicQuery q = (SeismicQuery) withCheck;
    return new SeismicQuery(
        q.getField(),
        q.getQueryVector(),
        q.getK(),
        q.getQueryCut(),
        q.getHeapFactor(),
        q.getFilter());
  }
}
