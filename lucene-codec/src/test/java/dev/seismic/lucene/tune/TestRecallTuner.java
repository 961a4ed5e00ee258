package dev.seismic.lucene.tune;

import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.RandomVectors;
import dev.seismic.lucene.search.SeismicQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.junit.AfterClass;
import org.junit.BeforeClass;

/**
 * The tuner on a small generated index whose lists are pruned hard (λ = 100 of a few thousand
 * documents, half the summary energy), so that cheap settings lose recall and the sweep has
 * something to choose. Latencies are only compared within one sweep, never against a limit.
 */
public class TestRecallTuner extends LuceneTestCase {

  private static final String FIELD = "vec";
  private static final BuildParams LOSSY = new BuildParams(2000, 100, 0.1f, 0.5f, 2, 15);

  /** A small grid, so the tests stay quick: from very cheap (one list) to generous. */
  private static final List<QuerySetting> GRID =
      SettingGrid.of(List.of(1, 2, 4, 8), List.of(0.5f, 0.8f, 1.0f));

  // Built once: every test reads the same index.
  private static Directory dir;
  private static DirectoryReader reader;
  private static IndexSearcher searcher;
  private static List<SparseVector> queries;

  @BeforeClass
  public static void buildIndex() throws Exception {
    // A plain directory: the mock wrappers would multiply the cost of every search.
    dir = FSDirectory.open(createTempDir("tune"));
    IndexWriterConfig config =
        new IndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
    // A fixed seed for the data: the assertions below need a sweep in which the cheapest setting
    // loses recall, which does not depend on luck with this seed and size.
    RandomVectors random = new RandomVectors(new Random(7), 400);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (int i = 0; i < 4000; i++) {
        Document doc = new Document();
        doc.add(
            new SeismicVectorField(
                FIELD, random.next(FIELD, 40), SeismicVectorField.fieldType(LOSSY)));
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
    }
    queries = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      queries.add(random.next(FIELD, 25));
    }
    reader = DirectoryReader.open(dir);
    searcher = new IndexSearcher(reader); // no executor: single-thread latency
  }

  @AfterClass
  public static void closeIndex() throws Exception {
    reader.close();
    dir.close();
    reader = null;
    dir = null;
    searcher = null;
    queries = null;
  }

  private static RecallTuner tuner() {
    return new RecallTuner().withGrid(GRID).withPasses(1).withWarmUpSearches(0);
  }

  public void testChoosesFastestSettingReachingTheTarget() throws IOException {
    TuningResult result = tuner().tune(searcher, FIELD, queries, 10, 0.9);
    assertEquals(GRID.size(), result.sweep().size());
    SettingMeasurement cheapest = result.sweep().get(GRID.indexOf(new QuerySetting(1, 1.0f)));
    assertTrue("the index should be lossy: " + cheapest, cheapest.recall() < 0.9);
    if (result.targetReached()) {
      assertTrue(result.tuningRecall() >= 0.9 - 1e-9);
      for (SettingMeasurement m : result.sweep()) {
        if (m.recall() >= 0.9 - 1e-9) {
          assertTrue(
              m + " vs " + result.tuning(), m.meanLatencyMillis() >= result.tuningLatencyMillis());
        }
      }
    } else {
      for (SettingMeasurement m : result.sweep()) {
        assertTrue(m.recall() <= result.tuningRecall());
      }
    }
  }

  /** Lowering the target can only add candidates: the choice is as fast or faster. */
  public void testLowerTargetPicksFasterOrEqualSetting() throws IOException {
    TuningResult high = tuner().tune(searcher, FIELD, queries, 10, 0.95);
    double previousLatency = high.tuningLatencyMillis();
    for (double target : new double[] {0.9, 0.8, 0.6, 0.3}) {
      SettingChooser.Choice lower = SettingChooser.choose(high.sweep(), target);
      assertTrue(target + ": " + lower, lower.reached() || !high.targetReached());
      assertTrue(
          target + ": " + lower + " slower than " + previousLatency,
          lower.measurement().meanLatencyMillis() <= previousLatency);
      previousLatency = lower.measurement().meanLatencyMillis();
    }
    // A fresh run at a low target: its choice is at least as fast, in its own sweep, as the setting
    // the high target chose, which reaches the low target too (recall does not change between
    // runs).
    TuningResult low = tuner().tune(searcher, FIELD, queries, 10, 0.3);
    assertTrue(low.targetReached());
    SettingMeasurement highChoiceInLowRun =
        low.sweep().stream()
            .filter(m -> m.setting().equals(high.setting()))
            .findFirst()
            .orElseThrow();
    assertEquals(high.tuningRecall(), highChoiceInLowRun.recall(), 0);
    assertTrue(low.tuningLatencyMillis() <= highChoiceInLowRun.meanLatencyMillis());
    assertTrue(low.tuningRecall() >= 0.3);
  }

  /** The held-out part is measured apart, with the chosen setting, on the queries it says. */
  public void testHeldOutRecallIsReported() throws IOException {
    long seed = random().nextLong();
    TuningResult result = tuner().withSeed(seed).tune(searcher, FIELD, queries, 10, 0.9);
    QuerySplit split = QuerySplit.of(queries.size(), RecallTuner.DEFAULT_HELD_OUT_FRACTION, seed);
    assertEquals(40, result.heldOut().queries());
    assertEquals(40, result.tuning().queries());
    assertEquals(result.setting(), result.heldOut().setting());
    assertTrue(result.heldOutLatencyMillis() > 0);
    assertTrue(result.exactLatencyMillis() > 0);
    // Recompute the held-out recall here, with the exact query and the same tie rule.
    double sum = 0;
    int n = 0;
    for (int q : split.heldOut()) {
      TopDocs exact = searcher.search(SeismicQuery.exactQuery(FIELD, queries.get(q)), 10);
      if (exact.scoreDocs.length == 0) {
        continue;
      }
      TopDocs found = searcher.search(result.setting().query(FIELD, queries.get(q), 10), 10);
      Set<Integer> truth = new HashSet<>();
      for (ScoreDoc sd : exact.scoreDocs) {
        truth.add(sd.doc);
      }
      float kth = exact.scoreDocs[exact.scoreDocs.length - 1].score;
      int hits = 0;
      for (ScoreDoc sd : found.scoreDocs) {
        if (truth.contains(sd.doc) || (truth.size() == 10 && sd.score >= kth - kth * 1e-5)) {
          hits++;
        }
      }
      sum += Math.min(hits, truth.size()) / (double) truth.size();
      n++;
    }
    assertEquals(sum / n, result.heldOutRecall(), 1e-9);
  }

  /** More passes time more searches but count each query's recall once. */
  public void testPassesDoNotChangeRecall() throws IOException {
    TuningResult one = tuner().tune(searcher, FIELD, queries, 10, 0.9);
    TuningResult three = tuner().withPasses(3).tune(searcher, FIELD, queries, 10, 0.9);
    for (int i = 0; i < GRID.size(); i++) {
      assertEquals(one.sweep().get(i).setting(), three.sweep().get(i).setting());
      assertEquals(one.sweep().get(i).recall(), three.sweep().get(i).recall(), 0);
      assertEquals(40, three.sweep().get(i).queries());
    }
    if (one.setting().equals(three.setting())) { // latency may choose another one
      assertEquals(one.heldOutRecall(), three.heldOutRecall(), 0);
    }
  }

  public void testBadArguments() {
    RecallTuner tuner = tuner();
    expectThrows(IllegalArgumentException.class, () -> tuner.tune(searcher, FIELD, queries, 10, 0));
    expectThrows(
        IllegalArgumentException.class, () -> tuner.tune(searcher, FIELD, queries, 10, 1.5));
    expectThrows(
        IllegalArgumentException.class, () -> tuner.tune(searcher, FIELD, queries, 0, 0.9));
    expectThrows(
        IllegalArgumentException.class,
        () -> tuner.tune(searcher, FIELD, queries.subList(0, 1), 10, 0.9));
    IllegalArgumentException e =
        expectThrows(
            IllegalArgumentException.class, () -> tuner.tune(searcher, "nope", queries, 10, 0.9));
    assertTrue(e.getMessage(), e.getMessage().contains("no query matches"));
    expectThrows(IllegalArgumentException.class, () -> tuner.withHeldOutFraction(1));
    expectThrows(IllegalArgumentException.class, () -> tuner.withPasses(0));
    expectThrows(IllegalArgumentException.class, () -> tuner.withGrid(List.of()));
  }
}
