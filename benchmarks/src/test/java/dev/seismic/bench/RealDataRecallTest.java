package dev.seismic.bench;

import com.carrotsearch.randomizedtesting.annotations.TimeoutSuite;
import dev.seismic.bench.data.Dataset;
import dev.seismic.bench.data.RealPool;
import dev.seismic.bench.data.SharedData;
import dev.seismic.bench.lucene.DocOrdinals;
import dev.seismic.bench.lucene.IndexBuilder;
import dev.seismic.bench.lucene.Queries;
import dev.seismic.bench.lucene.QueryRunner;
import dev.seismic.bench.truth.BruteForce;
import dev.seismic.bench.truth.Recall;
import dev.seismic.bench.truth.TopK;
import dev.seismic.bench.truth.WeightMode;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.search.SeismicQuery;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.tests.util.TimeUnits;

/**
 * Recall of Seismic with its default parameters on real SPLADE++ ED vectors: the pooled corpus
 * (~57k documents) and the first 1,000 MS MARCO dev queries, against brute force on the original
 * float weights.
 *
 * <p>Skipped when the shared data folder is absent. Everything that could vary is pinned: the
 * delegate codec is the default one (not a random test codec), the index config is built here
 * rather than randomised, and the searcher is a plain single-threaded {@link IndexSearcher}.
 */
@TimeoutSuite(millis = 45 * TimeUnits.MINUTE)
@LuceneTestCase.SuppressSysoutChecks(bugUrl = "prints the recall reached, which is the point")
public class RealDataRecallTest extends LuceneTestCase {

  private static final int QUERIES = 1_000;
  private static final int K = 10;
  private static final double MIN_RECALL = 0.95;

  public void testRecallAtTenOnRealPool() throws Exception {
    Optional<Path> shared = SharedData.locate();
    assumeTrue(
        "shared data folder not found (set -D"
            + SharedData.PROPERTY
            + " or put shared/data beside the checkout); skipping the real-data recall test",
        shared.isPresent());
    int threads = Runtime.getRuntime().availableProcessors();
    Dataset ds = RealPool.load(shared.get(), QUERIES, threads);
    assertEquals(QUERIES, ds.queries().size());

    BruteForce exact = new BruteForce(ds.documents(), WeightMode.ORIGINAL);
    TopK[] truth = exact.search(ds.queries(), K, threads);

    try (Directory dir = newFSDirectory(createTempDir("real-pool"))) {
      new IndexBuilder(TestUtil.getDefaultCodec(), BuildParams.DEFAULTS, 512)
          .build(dir, ds.documents(), i -> {});
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(ds.documents().size(), reader.numDocs());
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setQueryCache(null);
        QueryRunner.Run run =
            new QueryRunner(searcher, DocOrdinals.read(reader))
                .run(
                    Queries.seismic(
                        ds.queries(),
                        K,
                        SeismicQuery.DEFAULT_QUERY_CUT,
                        SeismicQuery.DEFAULT_HEAP_FACTOR),
                    K,
                    i -> {});
        Recall recall = Recall.of(truth, run.hits(), K, exact, ds.queries());
        String figure =
            String.format(
                Locale.ROOT,
                "Seismic recall@%d vs brute force on float weights: %.4f (%d queries, %,d real"
                    + " SPLADE++ ED documents, default parameters)",
                K,
                recall.mean(),
                recall.queries(),
                ds.documents().size());
        System.out.println(figure);
        assertTrue(figure + " is below " + MIN_RECALL, recall.mean() >= MIN_RECALL);
      }
    }
  }
}
