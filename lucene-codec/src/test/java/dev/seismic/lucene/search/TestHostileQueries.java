package dev.seismic.lucene.search;

import com.carrotsearch.randomizedtesting.annotations.Timeout;
import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.NamedThreadFactory;

/**
 * Queries built to break the search: oversized vectors, tokens the index lacks, k far beyond the
 * index (up to {@code Integer.MAX_VALUE}, which must not allocate k-sized arrays), {@code
 * query_cut} beyond the query, {@code heap_factor} at its bounds, filters matching nothing,
 * everything or only deleted documents, empty indexes and segments without the field, timeouts that
 * fire at once or midway, and a search aborted by an exception. Each must give a correct answer or
 * an {@link IllegalArgumentException} naming the parameter.
 *
 * <p>The per-test {@link Timeout} is only a guard against hangs (the framework's own mechanism); no
 * test asserts how long anything takes.
 */
@Timeout(millis = 10 * 60 * 1000)
public class TestHostileQueries extends LuceneTestCase {

  private static final String FIELD = "vec";

  /** No pruning, full summaries: lossless query parameters must give exact top-k. */
  private static final BuildParams LOSSLESS =
      new BuildParams(1, Integer.MAX_VALUE, 0.1f, 1f, 2, 15);

  /** Heavy pruning, small summaries. */
  private static final BuildParams LOSSY = new BuildParams(1, 20, 0.2f, 0.4f, 2, 15);

  /** Query parameters that, on the lossless index, search everything and skip nothing. */
  private static final int ALL_LISTS = Integer.MAX_VALUE;

  private static final float NO_SKIPPING = Float.MIN_VALUE;

  /** An index and the vector of each document id (EMPTY when the document has none). */
  private record Corpus(Directory dir, List<SparseVector> vectors) {}

  /**
   * Indexes {@code numDocs} documents with ids 0.. (doc values "id", terms "id", "all" and
   * "parity"); about a tenth have no vector; every twentieth document is marked "doomed" and
   * deleted at the end, unless {@code deletes} is false.
   */
  private Corpus index(int numDocs, int vocabulary, BuildParams params, boolean deletes)
      throws IOException {
    Directory dir = newDirectory();
    IndexWriterConfig config =
        newIndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
    FieldType type = SeismicVectorField.fieldType(params);
    RandomVectors random = new RandomVectors(random(), vocabulary);
    List<SparseVector> vectors = new ArrayList<>();
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (int i = 0; i < numDocs; i++) {
        SparseVector v = random().nextInt(10) == 0 ? SparseVector.EMPTY : random.next(FIELD, 30);
        vectors.add(v);
        writer.addDocument(document(i, v, type));
      }
      if (deletes) {
        writer.deleteDocuments(new Term("doomed", "yes"));
      }
      if (random().nextBoolean()) {
        writer.forceMerge(1);
      }
    }
    return new Corpus(dir, vectors);
  }

  private static Document document(int id, SparseVector v, FieldType type) {
    Document doc = new Document();
    doc.add(new StringField("id", Integer.toString(id), Field.Store.NO));
    doc.add(new NumericDocValuesField("id", id));
    doc.add(new StringField("all", "yes", Field.Store.NO));
    doc.add(new StringField("parity", id % 2 == 0 ? "even" : "odd", Field.Store.NO));
    if (id % 20 == 7) {
      doc.add(new StringField("doomed", "yes", Field.Store.NO));
    }
    if (v.size() > 0) {
      doc.add(new SeismicVectorField(FIELD, v, type));
    } else {
      doc.add(new StringField("novec", "yes", Field.Store.NO));
    }
    return doc;
  }

  // ---------------------------------------------------------------------------------------------
  // Checks against the truth of a reader.

  /** Exact scores {score, global doc} of the reader's live documents accepted, best first. */
  private List<double[]> bruteForce(
      Corpus corpus, IndexReader reader, SparseVector query, IntPredicate acceptId)
      throws IOException {
    List<double[]> scored = new ArrayList<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      Bits live = leaf.reader().getLiveDocs();
      NumericDocValues ids = leaf.reader().getNumericDocValues("id");
      for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        assertTrue(ids.advanceExact(doc));
        int id = (int) ids.longValue();
        if (!acceptId.test(id)) {
          continue;
        }
        double s = score(query, corpus.vectors.get(id));
        if (s > 0) {
          scored.add(new double[] {s, leaf.docBase + doc});
        }
      }
    }
    scored.sort((a, b) -> Double.compare(b[0], a[0]));
    return scored;
  }

  private static int id(IndexReader reader, int globalDoc) throws IOException {
    List<LeafReaderContext> leaves = reader.leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(globalDoc, leaves));
    NumericDocValues ids = leaf.reader().getNumericDocValues("id");
    assertTrue(ids.advanceExact(globalDoc - leaf.docBase));
    return (int) ids.longValue();
  }

  /**
   * Every hit is a live, accepted document with its exact score, and there are at most {@code k};
   * returns the hits' ids.
   */
  private List<Integer> checkHits(
      Corpus corpus,
      IndexReader reader,
      SparseVector query,
      IntPredicate acceptId,
      int k,
      TopDocs top)
      throws IOException {
    assertTrue(top.scoreDocs.length + " hits for k=" + k, top.scoreDocs.length <= k);
    List<Integer> ids = new ArrayList<>();
    List<LeafReaderContext> leaves = reader.leaves();
    for (ScoreDoc hit : top.scoreDocs) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
      Bits live = leaf.reader().getLiveDocs();
      assertTrue("deleted document returned", live == null || live.get(hit.doc - leaf.docBase));
      int id = id(reader, hit.doc);
      assertTrue("document " + id + " does not pass the filter", acceptId.test(id));
      double exact = score(query, corpus.vectors.get(id));
      assertEquals("score of document " + id, exact, hit.score, 1e-4 * Math.max(1, exact));
      ids.add(id);
    }
    return ids;
  }

  /** The hits are the exact top k: right count, exact scores, and brute force's scores by rank. */
  private void assertExactTopK(
      Corpus corpus,
      IndexReader reader,
      SparseVector query,
      IntPredicate acceptId,
      int k,
      TopDocs top)
      throws IOException {
    checkHits(corpus, reader, query, acceptId, k, top);
    List<double[]> truth = bruteForce(corpus, reader, query, acceptId);
    assertEquals("number of hits", Math.min(k, truth.size()), top.scoreDocs.length);
    for (int i = 0; i < top.scoreDocs.length; i++) {
      double expected = truth.get(i)[0];
      assertEquals(
          "score at rank " + i, expected, top.scoreDocs[i].score, 1e-4 * Math.max(1, expected));
    }
  }

  private static final IntPredicate ANY = id -> true;

  private SparseVector lastQuery; // instance fields: the framework frowns on large statics
  private Map<String, Float> lastWeights;

  /**
   * {@link RandomVectors#score}, with the query's token map kept between calls: brute force over a
   * 65,535-token query would otherwise rebuild it for every document.
   */
  private double score(SparseVector query, SparseVector doc) {
    if (query != lastQuery) {
      Map<String, Float> weights = new HashMap<>();
      for (int i = 0; i < query.size(); i++) {
        weights.put(query.token(i), query.weight(i));
      }
      lastWeights = weights;
      lastQuery = query;
    }
    double s = 0;
    for (int i = 0; i < doc.size(); i++) {
      Float w = lastWeights.get(doc.token(i));
      if (w != null) {
        s += w * SeismicVectorField.decodeWeight(SeismicVectorField.encodeWeight(doc.weight(i)));
      }
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Parameters.

  public void testParameterMessages() {
    SparseVector q = SparseVector.of(FIELD, new String[] {"a"}, new float[] {1f});
    for (int k : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertMessage(
          "[k] must be at least 1, got [" + k + "]",
          () -> new SeismicQuery(FIELD, q, k, 10, 0.7f, null));
      assertMessage(
          "[k] must be at least 1", () -> SeismicQuery.checkParameters(FIELD, q, k, 10, 0.7f));
    }
    for (int cut : new int[] {0, -5, Integer.MIN_VALUE}) {
      assertMessage(
          "[query_cut] must be at least 1, got [" + cut + "]",
          () -> new SeismicQuery(FIELD, q, 10, cut, 0.7f, null));
    }
    for (float h :
        new float[] {
          0f,
          -0f,
          -1f,
          Math.nextUp(1f),
          2f,
          Float.NaN,
          Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY
        }) {
      assertMessage(
          "[heap_factor] must be in (0, 1]", () -> new SeismicQuery(FIELD, q, 10, 10, h, null));
    }
    assertMessage(
        "the query vector is empty",
        () -> new SeismicQuery(FIELD, SparseVector.EMPTY, 10, 10, 0.7f, null));
    // The bounds themselves are valid.
    new SeismicQuery(FIELD, q, 1, 1, Float.MIN_VALUE, null);
    new SeismicQuery(FIELD, q, Integer.MAX_VALUE, Integer.MAX_VALUE, 1f, null);
  }

  public void testInvalidQueryVectors() {
    int n = 100_000;
    Map<String, Float> huge = new HashMap<>();
    for (int i = 0; i < n; i++) {
      huge.put("absent" + i, 1f);
    }
    assertMessage(
        "field \"" + FIELD + "\": the vector has 100000 tokens, more than the maximum of 65535",
        () -> new SeismicQuery(FIELD, huge, 10));
    assertMessage(
        "token \"x\": the weight is NaN",
        () -> new SeismicQuery(FIELD, Map.of("x", Float.NaN), 10));
    assertMessage(
        "token \"x\": the weight -1.0 is negative",
        () -> new SeismicQuery(FIELD, Map.of("x", -1f), 10));
    assertMessage(
        "token \"x\": the weight is zero", () -> new SeismicQuery(FIELD, Map.of("x", 0f), 10));
    assertMessage(
        "token \"x\": the weight is Infinity",
        () -> new SeismicQuery(FIELD, Map.of("x", Float.POSITIVE_INFINITY), 10));
    assertMessage("is subnormal", () -> new SeismicQuery(FIELD, Map.of("x", Float.MIN_VALUE), 10));
    assertMessage("the query vector is empty", () -> new SeismicQuery(FIELD, Map.of(), 10));
  }

  private static void assertMessage(String expected, ThrowingRunnable r) {
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class, r);
    assertTrue(e.getMessage(), e.getMessage().contains(expected));
  }

  // ---------------------------------------------------------------------------------------------
  // Oversized queries and k.

  public void testHugeQueryVectors() throws IOException {
    int vocabulary = 500;
    Corpus corpus = index(atLeast(300), vocabulary, LOSSLESS, true);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      int max = SparseVector.MAX_DIMENSIONS;

      // The most tokens a query may have, none of them in the index.
      Map<String, Float> absent = new HashMap<>();
      for (int i = 0; i < max; i++) {
        absent.put("absent" + i, 0.01f + random().nextFloat());
      }
      SparseVector none = SparseVector.of(FIELD, absent);
      assertEquals(
          0,
          searcher.search(new SeismicQuery(FIELD, none, 10, ALL_LISTS, NO_SKIPPING, null), 10)
              .scoreDocs
              .length);
      assertEquals(
          0,
          searcher.search(new SeismicQuery(FIELD, none, 10, 10, 0.7f, null), 10).scoreDocs.length);

      // Every indexed token plus absent ones, up to the maximum.
      Map<String, Float> mixed = new HashMap<>();
      for (int t = 0; t < vocabulary; t++) {
        mixed.put(RandomVectors.token(t), 0.01f + random().nextFloat());
      }
      for (int i = 0; mixed.size() < max; i++) {
        mixed.put("absent" + i, 0.01f + random().nextFloat());
      }
      SparseVector all = SparseVector.of(FIELD, mixed);
      for (int k : new int[] {1, 10, 1000}) {
        assertExactTopK(
            corpus,
            reader,
            all,
            ANY,
            k,
            searcher.search(new SeismicQuery(FIELD, all, k, ALL_LISTS, NO_SKIPPING, null), k));
        TopDocs lossy = searcher.search(new SeismicQuery(FIELD, all, k, 10, 1f, null), k);
        List<Integer> ids = checkHits(corpus, reader, all, ANY, k, lossy);
        assertEquals(
            "k hits whenever k documents match",
            Math.min(k, bruteForce(corpus, reader, all, ANY).size()),
            ids.size());
      }

      // Tokens of the longest allowed length, in multi-byte characters.
      String longest = "é".repeat(SparseVector.MAX_TOKEN_BYTES / 2);
      SparseVector longTokens =
          SparseVector.of(
              FIELD,
              new String[] {longest, longest.substring(1) + "x", RandomVectors.token(0)},
              new float[] {1f, 2f, 3f});
      assertExactTopK(
          corpus,
          reader,
          longTokens,
          ANY,
          5,
          searcher.search(new SeismicQuery(FIELD, longTokens, 5, ALL_LISTS, NO_SKIPPING, null), 5));
    }
    corpus.dir.close();
  }

  /**
   * k beyond the number of documents, up to Integer.MAX_VALUE: every matching document comes back,
   * even from a heavily pruned index (approximate search finds fewer than k, so exact search takes
   * over), and nothing is allocated in proportion to k (an int[k] alone would need 8 GB).
   */
  public void testKFarBeyondTheIndex() throws IOException {
    Corpus corpus = index(atLeast(200), 300, LOSSY, true);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      RandomVectors random = new RandomVectors(random(), 300);
      for (int k :
          new int[] {reader.maxDoc() + 1, 1 << 20, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}) {
        SparseVector query = random.next(FIELD, 20);
        IntPredicate accept = random().nextBoolean() ? ANY : id -> id % 2 == 1;
        Query filter = accept == ANY ? null : new TermQuery(new Term("parity", "odd"));
        SeismicQuery seismic =
            new SeismicQuery(FIELD, query, k, 1 + random().nextInt(5), 1f, filter);
        // Asking the searcher for k hits too (it caps its own collector at maxDoc).
        assertExactTopK(corpus, reader, query, accept, k, searcher.search(seismic, k));
        assertExactTopK(corpus, reader, query, accept, 10, searcher.search(seismic, 10));
        Query rewritten = searcher.rewrite(seismic);
        int matches = bruteForce(corpus, reader, query, accept).size();
        if (matches == 0) {
          assertTrue(rewritten instanceof MatchNoDocsQuery);
        } else {
          assertEquals(matches, ((SeismicHitsQuery) rewritten).size());
          assertEquals(matches, searcher.count(seismic));
        }
      }
    }
    corpus.dir.close();
  }

  public void testQueryCutBeyondTheQuery() throws IOException {
    Corpus corpus = index(atLeast(200), 200, LOSSLESS, true);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      RandomVectors random = new RandomVectors(random(), 200);
      for (int q = 0; q < 10; q++) {
        SparseVector query = random.next(FIELD, 3);
        for (int cut : new int[] {query.size(), query.size() + 1, 1000, Integer.MAX_VALUE}) {
          assertExactTopK(
              corpus,
              reader,
              query,
              ANY,
              10,
              searcher.search(new SeismicQuery(FIELD, query, 10, cut, NO_SKIPPING, null), 10));
        }
      }
    }
    corpus.dir.close();
  }

  public void testHeapFactorBounds() throws IOException {
    for (BuildParams params : new BuildParams[] {LOSSLESS, LOSSY}) {
      Corpus corpus = index(atLeast(300), 300, params, true);
      try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
        IndexSearcher searcher = newSearcher(reader, false);
        RandomVectors random = new RandomVectors(random(), 300);
        for (int q = 0; q < 10; q++) {
          SparseVector query = random.next(FIELD, 15);
          int k = 1 + random().nextInt(20);
          if (params == LOSSLESS) {
            // The smallest heap_factor skips nothing.
            assertExactTopK(
                corpus,
                reader,
                query,
                ANY,
                k,
                searcher.search(
                    new SeismicQuery(FIELD, query, k, ALL_LISTS, Float.MIN_VALUE, null), k));
          }
          int matches = bruteForce(corpus, reader, query, ANY).size();
          for (float h : new float[] {Float.MIN_VALUE, Math.nextDown(1f), 1f}) {
            for (int cut : new int[] {1, 10}) {
              List<Integer> ids =
                  checkHits(
                      corpus,
                      reader,
                      query,
                      ANY,
                      k,
                      searcher.search(new SeismicQuery(FIELD, query, k, cut, h, null), k));
              assertEquals("k hits whenever k documents match", Math.min(k, matches), ids.size());
            }
          }
        }
      }
      corpus.dir.close();
    }
  }

  /**
   * Query weights at the ends of what a vector may hold. Scores are float dot products, as are
   * those of the exact FeatureField query; with Float.MAX_VALUE they overflow to infinity in both.
   * The exact query must accept every vector the Seismic query accepts and agree with it.
   */
  public void testExtremeQueryWeights() throws IOException {
    Corpus corpus = index(atLeast(200), 100, LOSSLESS, true);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      RandomVectors random = new RandomVectors(random(), 100);
      for (float weight : new float[] {65f, 1e30f, Float.MAX_VALUE, Float.MIN_NORMAL}) {
        SparseVector base = random.next(FIELD, 10);
        String[] tokens = new String[base.size()];
        float[] weights = new float[base.size()];
        for (int i = 0; i < tokens.length; i++) {
          tokens[i] = base.token(i);
          weights[i] = i == 0 ? weight : base.weight(i);
        }
        SparseVector query = SparseVector.of(FIELD, tokens, weights);
        int k = reader.maxDoc(); // every match, so the two result lists hold the same documents
        TopDocs seismic = searcher.search(lossless(query, k, null), k);
        TopDocs exact = searcher.search(SeismicQuery.exactQuery(FIELD, query), k);
        if (weight < 1e38f) {
          // No overflow: the usual exact-score check applies.
          checkHits(corpus, reader, query, ANY, k, seismic);
        }
        Map<Integer, Float> exactScores = new HashMap<>();
        for (ScoreDoc hit : exact.scoreDocs) {
          if (hit.score > 0) { // a product below the smallest float is 0; Seismic drops such hits
            exactScores.put(hit.doc, hit.score);
          }
        }
        assertEquals("number of hits", exactScores.size(), seismic.scoreDocs.length);
        for (ScoreDoc hit : seismic.scoreDocs) {
          Float expected = exactScores.get(hit.doc);
          assertNotNull("document " + hit.doc + " is no exact hit", expected);
          assertFalse(Float.isNaN(hit.score));
          if (Float.isInfinite(expected)) {
            assertEquals(expected, hit.score, 0f);
          } else {
            assertEquals(expected, hit.score, 1e-5 * expected);
          }
        }
      }
    }
    corpus.dir.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Filters.

  public void testFilters() throws IOException {
    Corpus corpus = index(atLeast(300), 200, LOSSLESS, true);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = newSearcher(reader, false);
      RandomVectors random = new RandomVectors(random(), 200);
      for (int q = 0; q < 10; q++) {
        SparseVector query = random.next(FIELD, 15);
        int k = 1 + random().nextInt(20);
        TopDocs unfiltered = searcher.search(lossless(query, k, null), k);
        assertExactTopK(corpus, reader, query, ANY, k, unfiltered);

        // Matching nothing: rewritten away, absent from the index, or only deleted documents,
        // or only documents without a vector.
        for (Query nothing :
            new Query[] {
              new MatchNoDocsQuery(),
              new TermQuery(new Term("parity", "neither")),
              new TermQuery(new Term("nosuchfield", "x")),
              new TermQuery(new Term("doomed", "yes")),
              new TermQuery(new Term("novec", "yes"))
            }) {
          assertEquals(
              nothing.toString(),
              0,
              searcher.search(lossless(query, k, nothing), k).scoreDocs.length);
          assertEquals(
              nothing.toString(),
              0,
              searcher.search(new SeismicQuery(FIELD, query, k, 5, 0.7f, nothing), k)
                  .scoreDocs
                  .length);
        }

        // Matching everything: rewritten to MatchAllDocsQuery, or a term every document has.
        for (Query everything :
            new Query[] {new MatchAllDocsQuery(), new TermQuery(new Term("all", "yes"))}) {
          assertExactTopK(
              corpus, reader, query, ANY, k, searcher.search(lossless(query, k, everything), k));
        }

        // Another Seismic query as the filter: hits are its hits, best first among them.
        SeismicQuery inner = lossless(random.next(FIELD, 15), 50, null);
        Set<Integer> innerIds = new HashSet<>();
        for (ScoreDoc hit : searcher.search(inner, 50).scoreDocs) {
          innerIds.add(id(reader, hit.doc));
        }
        assertExactTopK(
            corpus,
            reader,
            query,
            innerIds::contains,
            k,
            searcher.search(lossless(query, k, inner), k));
      }
    }
    corpus.dir.close();
  }

  private static SeismicQuery lossless(SparseVector query, int k, Query filter) {
    return new SeismicQuery(FIELD, query, k, ALL_LISTS, NO_SKIPPING, filter);
  }

  // ---------------------------------------------------------------------------------------------
  // Empty indexes, missing and wrong fields.

  public void testEmptyIndexAndSegmentsWithoutTheField() throws IOException {
    SparseVector query = new RandomVectors(random(), 100).next(FIELD, 10);
    try (Directory dir = newDirectory()) {
      IndexWriterConfig config =
          newIndexWriterConfig()
              .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD))
              .setMergePolicy(NoMergePolicy.INSTANCE);
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        writer.commit();
        try (IndexReader reader = DirectoryReader.open(dir)) {
          assertEquals(0, reader.leaves().size());
          assertEquals(
              0,
              newSearcher(reader, false)
                  .search(lossless(query, Integer.MAX_VALUE, null), 10)
                  .scoreDocs
                  .length);
        }
        // Segments none of whose documents has the field.
        List<SparseVector> vectors = new ArrayList<>();
        FieldType type = SeismicVectorField.fieldType(LOSSLESS);
        for (int i = 0; i < 50; i++) {
          writer.addDocument(document(i, SparseVector.EMPTY, type));
          vectors.add(SparseVector.EMPTY);
        }
        writer.commit();
        try (IndexReader reader = DirectoryReader.open(dir)) {
          assertEquals(
              0, newSearcher(reader, false).search(lossless(query, 10, null), 10).scoreDocs.length);
        }
        // Then segments with the field between segments without it.
        RandomVectors random = new RandomVectors(random(), 100);
        for (int segment = 0; segment < 4; segment++) {
          for (int i = 0; i < 40; i++) {
            int id = vectors.size();
            SparseVector v = segment % 2 == 0 ? random.next(FIELD, 20) : SparseVector.EMPTY;
            vectors.add(v);
            writer.addDocument(document(id, v, type));
          }
          writer.commit();
        }
        Corpus corpus = new Corpus(dir, vectors);
        try (IndexReader reader = DirectoryReader.open(dir)) {
          assertTrue(reader.leaves().size() > 1);
          IndexSearcher searcher = newSearcher(reader, false);
          for (int q = 0; q < 10; q++) {
            SparseVector v = random.next(FIELD, 10);
            assertExactTopK(corpus, reader, v, ANY, 10, searcher.search(lossless(v, 10, null), 10));
          }
          // A field no document has: no hits.
          assertEquals(
              0,
              searcher.search(new SeismicQuery("nosuchfield", query, 10, 10, 0.7f, null), 10)
                  .scoreDocs
                  .length);
          // A field indexed with another postings format: an error naming the field.
          IllegalArgumentException e =
              expectThrows(
                  IllegalArgumentException.class,
                  () -> searcher.search(new SeismicQuery("parity", query, 10, 10, 0.7f, null), 10));
          assertTrue(
              e.getMessage(), e.getMessage().contains("field \"parity\" is not indexed with"));
        }
      }
    }
  }

  public void testRewrittenQueryOnAnotherReader() throws IOException {
    Corpus corpus = index(100, 50, LOSSLESS, false);
    try (IndexReader a = DirectoryReader.open(corpus.dir);
        IndexReader b = DirectoryReader.open(corpus.dir)) {
      SparseVector query =
          SparseVector.of(FIELD, new String[] {RandomVectors.token(0)}, new float[] {1f});
      Query rewritten = newSearcher(a, false).rewrite(lossless(query, 10, null));
      assumeTrue("the query matched", rewritten instanceof SeismicHitsQuery);
      IllegalStateException e =
          expectThrows(
              IllegalStateException.class, () -> newSearcher(b, false).search(rewritten, 10));
      assertTrue(e.getMessage(), e.getMessage().contains("belongs to another reader"));
    }
    corpus.dir.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Timeouts and aborted searches.

  /** Says stop from its {@code fireAt}-th question on (never if negative); counts the questions. */
  private static final class CountingTimeout implements QueryTimeout {
    final int fireAt;
    final AtomicInteger asked = new AtomicInteger();

    CountingTimeout(int fireAt) {
      this.fireAt = fireAt;
    }

    @Override
    public boolean shouldExit() {
      int n = asked.incrementAndGet();
      return fireAt >= 0 && n >= fireAt;
    }
  }

  /**
   * Timeouts firing at once, midway through approximate search (small k), midway through exact
   * search (k beyond the index, more than 1,024 candidates between checks) or never, with and
   * without an executor: whatever comes back is real hits with exact scores, and without a timeout
   * the answer is exact.
   */
  public void testTimeouts() throws Exception {
    Corpus corpus = index(atLeast(2500), 300, LOSSLESS, true);
    ExecutorService executor =
        Executors.newFixedThreadPool(2, new NamedThreadFactory("TestHostileQueries"));
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      RandomVectors random = new RandomVectors(random(), 300);
      int asked = 0;
      for (int round = 0; round < 20; round++) {
        IndexSearcher searcher =
            random().nextBoolean()
                ? new IndexSearcher(reader)
                : new IndexSearcher(reader, executor);
        int fireAt =
            switch (round % 4) {
              case 0 -> 1; // at once
              case 1, 2 -> 2 + random().nextInt(30); // midway
              default -> -1; // never
            };
        CountingTimeout timeout = new CountingTimeout(fireAt);
        searcher.setTimeout(timeout);
        SparseVector query = random.next(FIELD, 15);
        boolean exactPath = random().nextBoolean();
        int k = exactPath ? Integer.MAX_VALUE : 1 + random().nextInt(20);
        SeismicQuery seismic =
            exactPath ? lossless(query, k, null) : new SeismicQuery(FIELD, query, k, 3, 0.9f, null);
        int n = Math.min(k, 100);
        TopDocs top = searcher.search(seismic, n);
        checkHits(corpus, reader, query, ANY, n, top);
        asked += timeout.asked.get();
        if (fireAt < 0 && exactPath) {
          assertExactTopK(corpus, reader, query, ANY, n, top);
        } else if (fireAt < 0) {
          assertEquals(
              "k hits whenever k documents match",
              Math.min(n, bruteForce(corpus, reader, query, ANY).size()),
              top.scoreDocs.length);
        }
      }
      assertTrue("no timeout was ever consulted", asked > 0);
    } finally {
      executor.shutdown();
      assertTrue(executor.awaitTermination(1, TimeUnit.MINUTES));
    }
    corpus.dir.close();
  }

  /**
   * A search aborted by an exception (here thrown from the timeout, as ExitableDirectoryReader and
   * engines' cancellation do) must leave this thread's reusable state clean: the next search on the
   * thread must be exact again.
   */
  public void testAbortedSearchLeavesNoState() throws IOException {
    Corpus corpus = index(atLeast(500), 300, LOSSLESS, false);
    try (IndexReader reader = DirectoryReader.open(corpus.dir)) {
      IndexSearcher searcher = new IndexSearcher(reader); // this thread searches every segment
      RandomVectors random = new RandomVectors(random(), 300);
      // Two frequent tokens: their lists are shorter than the segment, so the search is
      // approximate and marks visited documents in the thread's scratch.
      SparseVector query =
          SparseVector.of(
              FIELD,
              new String[] {RandomVectors.token(0), RandomVectors.token(1)},
              new float[] {1f, 0.5f});
      int thrown = 0;
      int scratchesChecked = 0;
      for (int round = 0; round < 10; round++) {
        int throwAt = 1 + random().nextInt(5);
        AtomicInteger asked = new AtomicInteger();
        searcher.setTimeout(
            () -> {
              if (asked.incrementAndGet() >= throwAt) {
                throw new IllegalStateException("cancelled");
              }
              return false;
            });
        try {
          searcher.search(new SeismicQuery(FIELD, random.next(FIELD, 10), 5, 2, 0.9f, null), 5);
        } catch (IllegalStateException e) {
          assertEquals("cancelled", e.getMessage());
          thrown++;
        }
        SearchScratch scratch = SearchScratch.forSearch(0, 0); // this thread's
        if (scratch.dense.length > 0) {
          scratchesChecked++;
          assertEquals("documents left marked visited", 0, scratch.seen.cardinality());
          for (float w : scratch.dense) {
            assertEquals("query weights left in the dense query", 0f, w, 0f);
          }
        }
        searcher.setTimeout(null);
        assertExactTopK(
            corpus, reader, query, ANY, 5, searcher.search(lossless(query, 5, null), 5));
      }
      assertTrue("no search was aborted", thrown > 0);
      assertTrue("no scratch state was inspected", scratchesChecked > 0);
    }
    corpus.dir.close();
  }
}
