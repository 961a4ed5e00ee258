package dev.seismic.lucene.search;

import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SoftDeletesDirectoryReaderWrapper;
import org.apache.lucene.index.SoftDeletesRetentionMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.NamedThreadFactory;

/**
 * Seismic search while other threads add, update, delete and force-merge, with readers reopened
 * concurrently (through a {@link SearcherManager} and through a thread's own NRT reader chain) and
 * searchers with and without an executor.
 *
 * <p>Every written document version gets a unique version number (a doc-values field), and the
 * vector written with it is recorded before the write, in a map that is never changed afterwards.
 * Whatever point-in-time reader a search thread holds, the truth for it is therefore exactly
 * computable: the live documents of that reader, their versions, and those versions' vectors. Each
 * search asserts that every hit is a live document of the searched reader, that its score is the
 * exact dot product with the vector written (at the index's 9-bit weight precision), that k hits
 * come back whenever k documents match, and, for lossless parameters on the lossless index, that
 * the top k equal brute force over the reader's live documents.
 *
 * <p>The amount of work is set by the system property {@value #LOOPS_PROPERTY}: write operations
 * per writer thread (default small, so a default run stays short). For example {@code
 * -Dseismic.concurrency.loops=5000}.
 */
public class TestSeismicConcurrency extends LuceneTestCase {

  static final String LOOPS_PROPERTY = "seismic.concurrency.loops";

  private static final String FIELD = "vec";
  private static final String SOFT_DELETES = "soft_delete";
  private static final int VOCABULARY = 300;

  /** No pruning, full summaries: lossless query parameters must give exact top-k. */
  private static final BuildParams LOSSLESS =
      new BuildParams(1, Integer.MAX_VALUE, 0.1f, 1f, 2, 15);

  /** Heavy pruning, small summaries: hits must still be live and exactly scored. */
  private static final BuildParams LOSSY = new BuildParams(1, 20, 0.2f, 0.4f, 2, 15);

  private static int loops() {
    return Integer.getInteger(LOOPS_PROPERTY, atLeast(150));
  }

  public void testLosslessIndex() throws Exception {
    run(LOSSLESS);
  }

  public void testLossyIndex() throws Exception {
    run(LOSSY);
  }

  /** Everything the threads share. */
  private static final class Shared {
    final IndexWriter writer;
    final FieldType type;
    final boolean lossless;
    final ExecutorService executor;

    /** Whether updates and deletes are soft (as in Elasticsearch and OpenSearch) or hard. */
    final boolean softDeletes;

    /** Version number to the vector written with it; a version is never rewritten. */
    final Map<Long, SparseVector> vectors = new ConcurrentHashMap<>();

    final AtomicLong nextVersion = new AtomicLong();
    final AtomicBoolean writersDone = new AtomicBoolean();
    final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger queries = new AtomicInteger();
    final AtomicInteger exactComparisons = new AtomicInteger();
    final AtomicInteger hitsChecked = new AtomicInteger();

    /** Identities of the point-in-time readers searched. */
    final Set<Object> readers = ConcurrentHashMap.newKeySet();

    Shared(
        IndexWriter writer,
        FieldType type,
        boolean lossless,
        ExecutorService executor,
        boolean softDeletes) {
      this.writer = writer;
      this.type = type;
      this.lossless = lossless;
      this.executor = executor;
      this.softDeletes = softDeletes;
    }
  }

  private void run(BuildParams params) throws Exception {
    int loops = loops();
    int numWriters = 2;
    int idsPerWriter = 50 + loops / 4;
    Directory dir = newDirectory();
    IndexWriterConfig config =
        newIndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
    boolean softDeletes = random().nextBoolean();
    if (softDeletes) {
      // Soft-deleted documents that the retention query matches survive merges, so merged
      // Seismic structures hold documents that searches must never return.
      Query retained =
          switch (random().nextInt(3)) {
            case 0 -> new MatchAllDocsQuery();
            case 1 -> new TermQuery(new Term("parity", "even"));
            default -> new MatchNoDocsQuery();
          };
      config
          .setSoftDeletesField(SOFT_DELETES)
          .setMergePolicy(
              new SoftDeletesRetentionMergePolicy(
                  SOFT_DELETES, () -> retained, config.getMergePolicy()));
    }
    boolean applyAllDeletes = random().nextBoolean();
    ExecutorService executor =
        Executors.newFixedThreadPool(2, new NamedThreadFactory("TestSeismicConcurrency"));
    IndexWriter writer = new IndexWriter(dir, config);
    Shared shared =
        new Shared(
            writer,
            SeismicVectorField.fieldType(params),
            params == LOSSLESS,
            executor,
            softDeletes);
    // Searchers with and without an executor, chosen per reopened reader.
    Random factoryRandom = new Random(random().nextLong());
    SearcherFactory factory =
        new SearcherFactory() {
          @Override
          public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
            synchronized (factoryRandom) {
              return factoryRandom.nextBoolean()
                  ? new IndexSearcher(reader)
                  : new IndexSearcher(reader, shared.executor);
            }
          }
        };
    // Without applyAllDeletes a reader may still show deleted documents: it must be searched
    // consistently all the same, since its live documents are the truth the checks use.
    SearcherManager manager =
        new SearcherManager(
            writer, applyAllDeletes, applyAllDeletes && random().nextBoolean(), factory);

    List<Thread> threads = new ArrayList<>();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < numWriters; w++) {
      // Writer w owns the ids congruent to w, so that each id has one writer and every reader
      // sees at most one live version of it.
      int owner = w;
      long seed = random().nextLong();
      Thread t =
          new Thread(
              () ->
                  guard(
                      shared,
                      () ->
                          write(shared, new Random(seed), owner, numWriters, idsPerWriter, loops)),
              "writer-" + w);
      writers.add(t);
    }
    threads.addAll(writers);
    long refreshSeed = random().nextLong();
    threads.add(
        new Thread(
            () -> guard(shared, () -> refresh(shared, manager, new Random(refreshSeed))),
            "refresher"));
    for (int s = 0; s < 3; s++) {
      long seed = random().nextLong();
      boolean ownReader = s == 0; // one thread reopens its own NRT readers
      threads.add(
          new Thread(
              () ->
                  guard(
                      shared,
                      () ->
                          search(
                              shared,
                              manager,
                              ownReader,
                              applyAllDeletes,
                              new Random(seed),
                              loops / 5)),
              "searcher-" + s));
    }
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : writers) {
      t.join();
    }
    shared.writersDone.set(true);
    for (Thread t : threads) {
      t.join();
    }
    try {
      rethrow(shared);
      // The final state, searched once more after all writes.
      manager.maybeRefreshBlocking();
      IndexSearcher last = manager.acquire();
      try {
        Random random = new Random(random().nextLong());
        for (int q = 0; q < 20; q++) {
          searchOnce(shared, last, random);
        }
      } finally {
        manager.release(last);
      }
      // A reader of the last commit: with soft deletes it is wrapped (as Elasticsearch wraps its
      // readers) and the Seismic structures are reached through the wrapper.
      writer.commit();
      DirectoryReader committed = DirectoryReader.open(dir);
      if (softDeletes) {
        committed = new SoftDeletesDirectoryReaderWrapper(committed, SOFT_DELETES);
      }
      try {
        Random random = new Random(random().nextLong());
        for (int q = 0; q < 20; q++) {
          searchOnce(shared, newSearcher(committed, false), random);
        }
        // What all the concurrent flushes and merges built is what the format promises.
        new dev.seismic.lucene.codecs.SeismicCheckIndex().setFailFast(true).check(committed);
      } finally {
        committed.close();
      }
      if (VERBOSE || System.getProperty(LOOPS_PROPERTY) != null) {
        // Totals for whoever asked for a long run.
        System.out.println(
            getTestName()
                + ": loops="
                + loops
                + " softDeletes="
                + softDeletes
                + " applyAllDeletes="
                + applyAllDeletes
                + " readers="
                + shared.readers.size()
                + " queries="
                + shared.queries
                + " exactComparisons="
                + shared.exactComparisons
                + " hitsChecked="
                + shared.hitsChecked
                + " versions="
                + shared.nextVersion);
      }
      // Guards against a harness that silently did nothing.
      assertTrue("no search ran", shared.queries.get() > 0);
      assertTrue("no hit was checked", shared.hitsChecked.get() > 0);
      if (shared.lossless) {
        assertTrue("no lossless comparison ran", shared.exactComparisons.get() > 0);
      }
    } finally {
      manager.close();
      writer.close();
      executor.shutdown();
      assertTrue(executor.awaitTermination(1, TimeUnit.MINUTES));
      dir.close(); // runs CheckIndex on the final index
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  /** Runs a thread's body, recording any failure so the test thread can report it. */
  private static void guard(Shared shared, Body body) {
    try {
      body.run();
    } catch (Throwable t) {
      shared.failures.add(t);
    }
  }

  private static void rethrow(Shared shared) {
    Throwable first = shared.failures.peek();
    if (first == null) {
      return;
    }
    AssertionError error = new AssertionError("a thread failed: " + first, first);
    for (Throwable t : shared.failures) {
      if (t != first) {
        error.addSuppressed(t);
      }
    }
    throw error;
  }

  private static void write(
      Shared shared, Random random, int owner, int numWriters, int idsPerWriter, int loops)
      throws IOException {
    RandomVectors vectors = new RandomVectors(random, VOCABULARY);
    IndexWriter writer = shared.writer;
    for (int op = 0; op < loops && shared.failures.isEmpty(); op++) {
      int id = owner + numWriters * random.nextInt(idsPerWriter);
      Term idTerm = new Term("id", Integer.toString(id));
      int dice = random.nextInt(100);
      if (dice < 60) {
        // Add or replace; some versions carry no vector, so segments without the field occur.
        SparseVector v = random.nextInt(8) == 0 ? null : vectors.next(FIELD, 30);
        if (shared.softDeletes) {
          writer.softUpdateDocument(
              idTerm, document(shared, id, v), new NumericDocValuesField(SOFT_DELETES, 1));
        } else {
          writer.updateDocument(idTerm, document(shared, id, v));
        }
      } else if (dice < 90) {
        if (shared.softDeletes && random.nextBoolean()) {
          // A soft delete: a tombstone replaces the document and is itself deleted.
          Document tombstone = document(shared, id, null);
          tombstone.add(new NumericDocValuesField(SOFT_DELETES, 1));
          writer.softUpdateDocument(idTerm, tombstone, new NumericDocValuesField(SOFT_DELETES, 1));
        } else {
          writer.deleteDocuments(idTerm);
        }
      } else if (dice < 97) {
        writer.commit();
      } else {
        writer.forceMerge(1 + random.nextInt(3));
      }
    }
  }

  /** A new version of document {@code id}; its vector is recorded before it can be seen. */
  private static Document document(Shared shared, int id, SparseVector vector) {
    long version = shared.nextVersion.getAndIncrement();
    shared.vectors.put(version, vector == null ? SparseVector.EMPTY : vector);
    Document doc = new Document();
    doc.add(new StringField("id", Integer.toString(id), Field.Store.NO));
    doc.add(new StringField("parity", id % 2 == 0 ? "even" : "odd", Field.Store.NO));
    doc.add(new NumericDocValuesField("id", id));
    doc.add(new NumericDocValuesField("version", version));
    if (vector != null) {
      doc.add(new SeismicVectorField(FIELD, vector, shared.type));
    }
    return doc;
  }

  private static void refresh(Shared shared, SearcherManager manager, Random random)
      throws IOException, InterruptedException {
    while (!shared.writersDone.get() && shared.failures.isEmpty()) {
      manager.maybeRefresh();
      // A short pause leaves the two cores to the writers and searchers now and then.
      Thread.sleep(random.nextInt(3));
    }
  }

  private static void search(
      Shared shared,
      SearcherManager manager,
      boolean ownReader,
      boolean applyAllDeletes,
      Random random,
      int minQueries)
      throws IOException, InterruptedException {
    DirectoryReader reader =
        ownReader ? DirectoryReader.open(shared.writer, applyAllDeletes, false) : null;
    try {
      int done = 0;
      while ((done < minQueries || !shared.writersDone.get()) && shared.failures.isEmpty()) {
        if (ownReader) {
          if (random.nextInt(4) == 0) {
            DirectoryReader newer =
                DirectoryReader.openIfChanged(reader, shared.writer, applyAllDeletes);
            if (newer != null) {
              reader.close();
              reader = newer;
            }
          }
          IndexSearcher searcher =
              random.nextBoolean()
                  ? new IndexSearcher(reader)
                  : new IndexSearcher(reader, shared.executor);
          searchOnce(shared, searcher, random);
        } else {
          IndexSearcher searcher = manager.acquire();
          try {
            searchOnce(shared, searcher, random);
          } finally {
            manager.release(searcher);
          }
        }
        done++;
        if (!shared.writersDone.get() && random.nextBoolean()) {
          // Searches are cheap next to writes; pausing now and then keeps the writers going on two
          // cores, so that many reader generations, not many queries on few of them, get tested.
          Thread.sleep(1);
        }
      }
    } finally {
      if (reader != null) {
        reader.close();
      }
    }
  }

  /** One random query on one point-in-time searcher, checked against that searcher's truth. */
  private static void searchOnce(Shared shared, IndexSearcher searcher, Random random)
      throws IOException {
    SparseVector query = new RandomVectors(random, VOCABULARY).next(FIELD, 20);
    int k = 1 + random.nextInt(30);
    boolean lossless = random.nextBoolean();
    int queryCut = lossless ? Integer.MAX_VALUE : 1 + random.nextInt(8);
    float heapFactor = lossless ? Float.MIN_VALUE : 0.5f + 0.5f * random.nextFloat();
    String parity = random.nextInt(3) == 0 ? (random.nextBoolean() ? "even" : "odd") : null;
    Query filter = parity == null ? null : new TermQuery(new Term("parity", parity));
    SeismicQuery seismic = new SeismicQuery(FIELD, query, k, queryCut, heapFactor, filter);
    TopDocs top = searcher.search(seismic, k);
    shared.queries.incrementAndGet();
    shared.readers.add(searcher.getIndexReader().getContext().id());

    IndexReader reader = searcher.getIndexReader();
    List<LeafReaderContext> leaves = reader.leaves();
    List<double[]> truth = bruteForce(shared, reader, query, parity); // {score, global doc}
    assertEquals(
        "k hits whenever k documents match (" + seismic + ")",
        Math.min(k, truth.size()),
        top.scoreDocs.length);
    for (ScoreDoc hit : top.scoreDocs) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
      int doc = hit.doc - leaf.docBase;
      Bits live = leaf.reader().getLiveDocs();
      assertTrue(
          "hit " + hit.doc + " is deleted in the searched reader", live == null || live.get(doc));
      long id = value(leaf, "id", doc);
      assertTrue(
          "filter " + parity + " let document " + id + " through",
          parity == null || parity.equals(id % 2 == 0 ? "even" : "odd"));
      SparseVector v = shared.vectors.get(value(leaf, "version", doc));
      double exact = RandomVectors.score(query, v);
      assertEquals("score of document " + id, exact, hit.score, 1e-4 * Math.max(1, exact));
      shared.hitsChecked.incrementAndGet();
    }
    if (shared.lossless && lossless) {
      // Ties may order differently; compare the scores rank by rank.
      for (int i = 0; i < top.scoreDocs.length; i++) {
        double expected = truth.get(i)[0];
        assertEquals(
            "score at rank " + i + " of " + seismic,
            expected,
            top.scoreDocs[i].score,
            1e-4 * Math.max(1, expected));
      }
      shared.exactComparisons.incrementAndGet();
    }
  }

  /** Exact scores of the reader's live documents that match, best first. */
  private static List<double[]> bruteForce(
      Shared shared, IndexReader reader, SparseVector query, String parity) throws IOException {
    List<double[]> scored = new ArrayList<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      Bits live = leaf.reader().getLiveDocs();
      NumericDocValues ids = leaf.reader().getNumericDocValues("id");
      NumericDocValues versions = leaf.reader().getNumericDocValues("version");
      if (ids == null) {
        continue;
      }
      for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        assertTrue(ids.advanceExact(doc));
        assertTrue(versions.advanceExact(doc));
        if (parity != null && !parity.equals(ids.longValue() % 2 == 0 ? "even" : "odd")) {
          continue;
        }
        double s = RandomVectors.score(query, shared.vectors.get(versions.longValue()));
        if (s > 0) {
          scored.add(new double[] {s, leaf.docBase + doc});
        }
      }
    }
    scored.sort((a, b) -> Double.compare(b[0], a[0]));
    return scored;
  }

  private static long value(LeafReaderContext leaf, String field, int doc) throws IOException {
    NumericDocValues values = leaf.reader().getNumericDocValues(field);
    assertNotNull(field, values);
    assertTrue(field + " of " + doc, values.advanceExact(doc));
    return values.longValue();
  }
}
