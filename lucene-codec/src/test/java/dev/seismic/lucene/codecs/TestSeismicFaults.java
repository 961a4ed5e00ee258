package dev.seismic.lucene.codecs;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.NoLockFactory;
import org.apache.lucene.tests.store.MockDirectoryWrapper;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.Bits;
import org.junit.AfterClass;

/**
 * Faults while our files are written and read: random I/O exceptions, a full disk, exceptions and
 * VM errors thrown from inside our writer and reader, and machine crashes (unsynced files lost or
 * garbled), during indexing, flush, merge and commit.
 *
 * <p>Each loop drives a fresh {@link MockDirectoryWrapper} through a few writer sessions. A session
 * adds, updates and deletes documents, commits, opens near-real-time readers and merges, until an
 * injected fault stops it (or it commits and closes cleanly). The writer is then rolled back (or,
 * after a crash, abandoned, as a dead process would leave it), and with the faults off the
 * directory must hold exactly the documents of its last successful commit, or of a commit whose
 * call failed (a failed commit may or may not have become durable, so both are accepted, but
 * nothing else): CheckIndex and the Seismic structure validator are clean, no file handle is left
 * open, the live document count matches, and every document is found by the Seismic query for its
 * own vector with lossless settings, at its exact score. A last clean session then proves the
 * writer carries on over the survivors; closing the directory runs CheckIndex again and looks for
 * unreferenced files.
 *
 * <p>{@code -Dseismic.fault.loops=N} sets the loops per test (default 4); failures reproduce with
 * the seed the runner prints.
 */
public class TestSeismicFaults extends LuceneTestCase {

  private static final String FIELD = "vec";

  /**
   * No pruning and full summaries, so that a query can find every document (see TestSeismicQuery).
   */
  private static final BuildParams LOSSLESS =
      new BuildParams(1, Integer.MAX_VALUE, 0.1f, 1f, 2, 15);

  private static final FieldType TYPE = SeismicVectorField.fieldType(LOSSLESS);

  private static final int LOOPS = Integer.getInteger("seismic.fault.loops", 4);

  /** Marks the exceptions this test throws on purpose, so that no genuine failure is swallowed. */
  private static final String FAKE = "fake failure injected by TestSeismicFaults";

  // Totals over the suite, printed once at the end (the reliability profile records them).
  private static final AtomicLong loops = new AtomicLong();
  private static final AtomicLong sessions = new AtomicLong();
  private static final AtomicLong faults = new AtomicLong();
  private static final AtomicLong faultsInSeismic = new AtomicLong();
  private static final AtomicLong crashes = new AtomicLong();
  private static final AtomicLong failedCommits = new AtomicLong();
  private static final AtomicLong docsVerified = new AtomicLong();

  @AfterClass
  public static void printTotals() {
    System.out.println(
        "TestSeismicFaults totals: loops="
            + loops
            + " sessions="
            + sessions
            + " faults="
            + faults
            + " faultsInSeismicCode="
            + faultsInSeismic
            + " crashes="
            + crashes
            + " failedCommits="
            + failedCommits
            + " docsVerified="
            + docsVerified);
  }

  private enum Fault {
    /** MockDirectoryWrapper's random IOExceptions on first writes and on opening files. */
    RANDOM_IO,
    /** An IOException, RuntimeException or OutOfMemoryError thrown from our writer or reader. */
    IN_SEISMIC,
    /** The disk fills up at a random point. */
    DISK_FULL,
    /** The machine crashes: between operations, or while our writer is writing a file. */
    CRASH
  }

  public void testRandomIOExceptions() throws IOException {
    runLoops(Fault.RANDOM_IO);
  }

  public void testFailuresInsideSeismicCode() throws IOException {
    runLoops(Fault.IN_SEISMIC);
  }

  public void testDiskFull() throws IOException {
    runLoops(Fault.DISK_FULL);
  }

  public void testCrash() throws IOException {
    runLoops(Fault.CRASH);
  }

  private void runLoops(Fault fault) throws IOException {
    for (int i = 0; i < LOOPS; i++) {
      runLoop(fault);
      loops.incrementAndGet();
    }
  }

  /**
   * One write of a document: a number unique in the directory (stored with it, so that an update
   * that did not survive is told apart from one that did) and its vector (null: no field).
   */
  private record Version(int number, SparseVector vector) {}

  /** What the test knows about one directory. */
  private static final class Model {
    /** The documents of the last commit known to have succeeded, by id. */
    Map<Integer, Version> committed = new TreeMap<>();

    int nextId;
    int nextVersion;
  }

  private void runLoop(Fault fault) throws IOException {
    // Crashed writers are abandoned, still holding their lock, as a dead process would.
    MockDirectoryWrapper dir =
        fault == Fault.CRASH
            ? newMockDirectory(random(), NoLockFactory.INSTANCE)
            : newMockDirectory(random());
    dir.setThrottling(MockDirectoryWrapper.Throttling.NEVER);
    dir.setUseSlowOpenClosers(false);
    // Off by default in Lucene; here it proves that rollbacks and recovery leave no stray files.
    dir.setAssertNoUnrefencedFilesOnClose(true);
    Model model = new Model();
    int numSessions = TestUtil.nextInt(random(), 2, 4);
    for (int s = 0; s < numSessions; s++) {
      List<Map<Integer, Version>> candidates = runSession(dir, model, fault);
      model.committed = verify(dir, candidates);
      sessions.incrementAndGet();
    }
    // The writer must carry on over what survived.
    List<Map<Integer, Version>> last = runSession(dir, model, null);
    model.committed = verify(dir, last);
    dir.close(); // CheckIndex, open files, locks and unreferenced files, once more
  }

  /**
   * One writer session under {@code fault} (none when null). Returns the states the directory may
   * be in afterwards: the last successful commit, and any commit whose call failed.
   */
  private List<Map<Integer, Version>> runSession(MockDirectoryWrapper dir, Model model, Fault fault)
      throws IOException {
    Random random = new Random(random().nextLong());
    Map<Integer, Version> current = new TreeMap<>(model.committed);
    List<Map<Integer, Version>> candidates = new ArrayList<>();
    candidates.add(model.committed);
    Map<Integer, Version> committing = null;
    // Set by whoever crashes the directory: this thread, or our writer in a merge thread.
    AtomicBoolean crashed = new AtomicBoolean();
    IndexWriterConfig config = config(random, fault, crashed);
    SeismicFailure failure = null;
    IndexWriter writer = null;
    try {
      failure = arm(dir, fault, random, crashed);
      writer = new IndexWriter(dir, config);
      int ops = TestUtil.nextInt(random, 20, 150);
      for (int op = 0; op < ops; op++) {
        int r = random.nextInt(100);
        if (r < 65) {
          int id = model.nextId++;
          Version v = new Version(model.nextVersion++, randomVector(random));
          writer.addDocument(document(id, v));
          current.put(id, v);
        } else if (r < 75 && !current.isEmpty()) {
          int id = pick(random, current);
          Version v = new Version(model.nextVersion++, randomVector(random));
          writer.updateDocument(new Term("id", Integer.toString(id)), document(id, v));
          current.put(id, v);
        } else if (r < 83 && !current.isEmpty()) {
          int id = pick(random, current);
          writer.deleteDocuments(new Term("id", Integer.toString(id)));
          current.remove(id);
        } else if (r < 89) {
          committing = new TreeMap<>(current);
          commit(dir, writer, fault);
          candidates = new ArrayList<>(List.of(committing));
          committing = null;
        } else if (r < 94) {
          // Flushes without committing and opens our readers through the writer's pool.
          try (DirectoryReader reader = DirectoryReader.open(writer)) {
            assertEquals(current.size(), reader.numDocs());
          }
        } else if (r < 97) {
          writer.forceMerge(TestUtil.nextInt(random, 1, 2));
        } else if (fault == Fault.CRASH) {
          crash(dir, writer, crashed);
          break;
        }
      }
      if (!crashed.get()) {
        committing = new TreeMap<>(current);
        commit(dir, writer, fault);
        candidates = new ArrayList<>(List.of(committing));
        committing = null;
        writer.close();
      }
    } catch (Throwable t) {
      // After a crash the process is dead: whatever its threads hit next is no finding.
      if (!injected(t) && !crashed.get()) {
        throw t;
      }
      faults.incrementAndGet();
      if (thrownBySeismic(t)) {
        faultsInSeismic.incrementAndGet();
      }
      if (committing != null) {
        failedCommits.incrementAndGet();
        candidates.add(committing);
      }
    } finally {
      disarm(dir, failure);
    }
    if (crashed.get()) {
      crashes.incrementAndGet();
      if (config.getMergeScheduler() instanceof ConcurrentMergeScheduler cms) {
        cms.sync(); // background merges die on the crashed directory before it comes back
      }
      dir.clearCrash();
    } else if (writer != null) {
      writer.rollback(); // a no-op if the writer already closed itself after a tragic fault
      assertEquals("file handles left open", 0, dir.getFileHandleCount());
    }
    return candidates;
  }

  private IndexWriterConfig config(Random random, Fault fault, AtomicBoolean crashed) {
    IndexWriterConfig config =
        newIndexWriterConfig()
            .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD))
            .setMaxBufferedDocs(TestUtil.nextInt(random, 5, 60))
            // Sessions commit explicitly; closing must not commit what a fault left behind.
            .setCommitOnClose(false);
    if (fault == Fault.CRASH && random.nextInt(3) == 0) {
      // Merges in the background, so that a crash can land in the middle of one.
      config.setMergeScheduler(
          new ConcurrentMergeScheduler() {
            @Override
            protected void handleMergeException(Throwable exc) {
              // Anything else fails the test as an uncaught exception. After a crash, merges
              // write to outputs the crash closed: the dead process's threads, no finding.
              if (!injected(exc) && !crashed.get()) {
                super.handleMergeException(exc);
              }
            }
          });
    } else {
      // Faults land in the test thread, which keeps failures reproducible from the seed.
      config.setMergeScheduler(new SerialMergeScheduler());
    }
    return config;
  }

  private static void commit(MockDirectoryWrapper dir, IndexWriter writer, Fault fault)
      throws IOException {
    if (fault == Fault.RANDOM_IO) {
      // As Lucene's own testRandomExceptions does: exceptions on open during commit make
      // IndexWriter's file-existence assertions trip instead of testing anything of ours.
      double onOpen = dir.getRandomIOExceptionRateOnOpen();
      dir.setRandomIOExceptionRateOnOpen(0);
      try {
        writer.commit();
      } finally {
        dir.setRandomIOExceptionRateOnOpen(onOpen);
      }
    } else {
      writer.commit();
    }
  }

  /** A crash between operations; merges running in the background may be cut short. */
  private static void crash(MockDirectoryWrapper dir, IndexWriter writer, AtomicBoolean crashed)
      throws IOException {
    if (writer.getConfig().getMergeScheduler() instanceof ConcurrentMergeScheduler cms
        && random().nextBoolean()) {
      cms.sync();
    }
    crashed.set(true);
    dir.crash();
  }

  /**
   * Throws from inside our code: the writer (at flush and merge, since both write through
   * SeismicFieldsWriter) and the reader (opening a segment, in a merge or an NRT reader). On a
   * crash it first crashes the directory, as if the machine died while our file was written.
   */
  private static final class SeismicFailure extends MockDirectoryWrapper.Failure {
    private final Random random;
    private final int oneIn;
    private final boolean crash;
    private final boolean inReader;
    private final AtomicBoolean crashed;

    SeismicFailure(Random random, boolean crash, AtomicBoolean crashed) {
      this.random = random;
      // Our writer reaches the directory once per byte (MockIndexOutputWrapper), so one in a few
      // thousand calls lands anywhere from the first header to the last footer.
      this.oneIn = 1 << TestUtil.nextInt(random, 4, 14);
      this.crash = crash;
      this.crashed = crashed;
      this.inReader = random.nextBoolean();
      setDoFail();
    }

    @Override
    public void eval(MockDirectoryWrapper dir) throws IOException {
      if (!doFail || random.nextInt(oneIn) != 0) {
        return;
      }
      boolean writing = callStackContains(SeismicFieldsWriter.class);
      if (!writing && !(inReader && callStackContains(SeismicFieldsReader.class))) {
        return;
      }
      if (crash) {
        clearDoFail(); // crash() deletes files, which calls eval again
        crashed.set(true);
        dir.crash();
        throw new IOException(FAKE + ": crash");
      }
      switch (random.nextInt(4)) {
        case 0 -> throw new RuntimeException(FAKE);
        case 1 -> throw new OutOfMemoryError(FAKE);
        default -> throw new IOException(FAKE);
      }
    }
  }

  private static SeismicFailure arm(
      MockDirectoryWrapper dir, Fault fault, Random random, AtomicBoolean crashed)
      throws IOException {
    if (fault == null) {
      return null;
    }
    switch (fault) {
      case RANDOM_IO -> {
        dir.setRandomIOExceptionRate(0.002 + 0.02 * random.nextDouble());
        dir.setRandomIOExceptionRateOnOpen(random.nextBoolean() ? 0 : 0.01 * random.nextDouble());
        return null;
      }
      case DISK_FULL -> {
        // From almost no room to enough for the whole session.
        dir.setMaxSizeInBytes(dir.sizeInBytes() + TestUtil.nextInt(random, 1 << 10, 1 << 19));
        return null;
      }
      case IN_SEISMIC, CRASH -> {
        SeismicFailure failure = new SeismicFailure(random, fault == Fault.CRASH, crashed);
        dir.failOn(failure);
        return failure;
      }
    }
    throw new AssertionError(fault);
  }

  private static void disarm(MockDirectoryWrapper dir, SeismicFailure failure) {
    dir.setRandomIOExceptionRate(0);
    dir.setRandomIOExceptionRateOnOpen(0);
    dir.setMaxSizeInBytes(0);
    if (failure != null) {
      failure.clearDoFail();
    }
  }

  /** Whether a failure is one this test caused (possibly wrapped, or closing a writer after it). */
  private static boolean injected(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String message = c.getMessage();
      if (message != null
          && (message.contains(FAKE)
              || message.startsWith("a random IOException")
              || message.startsWith("fake disk full")
              || message.contains("after crash")
              || message.contains("has crashed"))) {
        return true;
      }
      for (Throwable suppressed : c.getSuppressed()) {
        if (injected(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the fault was raised while our writer or reader was at work. */
  private static boolean thrownBySeismic(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      for (StackTraceElement frame : c.getStackTrace()) {
        if (frame.getClassName().startsWith("dev.seismic.lucene.codecs.SeismicFields")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * With the faults off: the directory holds exactly one of {@code candidates}, CheckIndex is
   * clean, and each document is found by its own vector. Returns the state found.
   */
  private Map<Integer, Version> verify(
      MockDirectoryWrapper dir, List<Map<Integer, Version>> candidates) throws IOException {
    if (!DirectoryReader.indexExists(dir)) {
      // Nothing was ever committed: only the empty state is possible.
      for (Map<Integer, Version> c : candidates) {
        if (c.isEmpty()) {
          return c;
        }
      }
      fail("no commit in the directory, but one succeeded: " + candidates.size() + " candidates");
    }
    TestUtil.checkIndex(dir);
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      // CheckIndex sees checksums only; the Seismic structures must also be what the build writes.
      new SeismicCheckIndex().setFailFast(true).check(reader);
      Map<Integer, Integer> docById = new HashMap<>();
      Map<Integer, Integer> versionById = new TreeMap<>();
      StoredFields stored = reader.storedFields();
      int docBase = 0;
      for (var leaf : reader.leaves()) {
        Bits live = leaf.reader().getLiveDocs();
        for (int d = 0; d < leaf.reader().maxDoc(); d++) {
          if (live == null || live.get(d)) {
            Document doc = stored.document(docBase + d);
            int id = Integer.parseInt(doc.get("id"));
            assertNull("id " + id + " twice", docById.put(id, docBase + d));
            versionById.put(id, doc.getField("version").numericValue().intValue());
          }
        }
        docBase += leaf.reader().maxDoc();
      }
      Map<Integer, Version> state = null;
      for (Map<Integer, Version> c : candidates) {
        Map<Integer, Integer> versions = new TreeMap<>();
        c.forEach((id, v) -> versions.put(id, v.number));
        if (versions.equals(versionById)) {
          state = c;
        }
      }
      if (state == null) {
        StringBuilder message =
            new StringBuilder("the index holds none of the committed states; id=version: ")
                .append(versionById);
        for (Map<Integer, Version> c : candidates) {
          Map<Integer, Integer> versions = new TreeMap<>();
          c.forEach((id, v) -> versions.put(id, v.number));
          message.append("\n  candidate: ").append(versions);
        }
        fail(message.toString());
      }
      assertEquals(state.size(), reader.numDocs());
      IndexSearcher searcher = newSearcher(reader, false);
      for (Map.Entry<Integer, Version> e : state.entrySet()) {
        SparseVector v = e.getValue().vector;
        if (v == null) {
          continue; // a document without the field
        }
        // Lossless index, every query token searched, no block skipped, k covering the index:
        // the result is exact, so the document must be there, at its exact score.
        SeismicQuery query =
            new SeismicQuery(FIELD, v, state.size(), Integer.MAX_VALUE, Float.MIN_VALUE, null);
        TopDocs top = searcher.search(query, state.size());
        int doc = docById.get(e.getKey());
        ScoreDoc hit = null;
        for (ScoreDoc sd : top.scoreDocs) {
          if (sd.doc == doc) {
            hit = sd;
          }
        }
        assertNotNull("committed document " + e.getKey() + " not found by its own vector", hit);
        double expected = selfScore(v);
        assertEquals(
            "score of document " + e.getKey(), expected, hit.score, 1e-4 * Math.max(1, expected));
        docsVerified.incrementAndGet();
      }
      return state;
    }
  }

  /** A vector's score against itself as the index holds it (FeatureField's 9 significant bits). */
  private static double selfScore(SparseVector v) {
    double s = 0;
    for (int i = 0; i < v.size(); i++) {
      s +=
          v.weight(i)
              * SeismicVectorField.decodeWeight(SeismicVectorField.encodeWeight(v.weight(i)));
    }
    return s;
  }

  private static Document document(int id, Version v) {
    Document doc = new Document();
    doc.add(new StringField("id", Integer.toString(id), Field.Store.YES));
    doc.add(new StoredField("version", v.number));
    if (v.vector != null) {
      doc.add(new SeismicVectorField(FIELD, v.vector, TYPE));
    }
    return doc;
  }

  /** Mostly a vector with a skewed vocabulary; sometimes no field at all. */
  private static SparseVector randomVector(Random random) {
    if (random.nextInt(12) == 0) {
      return null;
    }
    int n = TestUtil.nextInt(random, 1, 30);
    Map<String, Float> v = new HashMap<>();
    while (v.size() < n) {
      double u = random.nextDouble();
      v.put("t" + (int) (u * u * 400), 0.01f + 3 * random.nextFloat());
    }
    return SparseVector.of(FIELD, v);
  }

  private static int pick(Random random, Map<Integer, Version> docs) {
    int i = random.nextInt(docs.size());
    for (int id : docs.keySet()) {
      if (i-- == 0) {
        return id;
      }
    }
    throw new AssertionError();
  }
}
