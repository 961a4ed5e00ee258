package dev.seismic.cancel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;

/**
 * A test filter that matches every document and makes a search slow on purpose: the first document
 * it hands out in a search waits at a gate (a pause, or until the test opens it). It counts the
 * documents it hands out, so a test can tell how far a search read after the gate. It reads nothing
 * from the index, so none of the engine's reader wrappers look at the clock while it is read: only
 * the Seismic search's own checks can stop it.
 */
public final class GateQuery extends Query {

  private static final AtomicLong READ = new AtomicLong();
  private static volatile CountDownLatch arrived = new CountDownLatch(1);
  private static volatile CountDownLatch open = new CountDownLatch(0);
  private static volatile long pauseMillis;

  /** The next search pauses this long at the gate. */
  public static void pause(long millis) {
    READ.set(0);
    arrived = new CountDownLatch(1);
    open = new CountDownLatch(0);
    pauseMillis = millis;
  }

  /** The next search waits at the gate until {@link #open()}. */
  public static void close() {
    READ.set(0);
    arrived = new CountDownLatch(1);
    open = new CountDownLatch(1);
    pauseMillis = 0;
  }

  public static void open() {
    open.countDown();
  }

  /** Waits until a search reached the gate. */
  public static boolean awaitArrival(long seconds) throws InterruptedException {
    return arrived.await(seconds, TimeUnit.SECONDS);
  }

  /** Documents handed out since the gate was set. */
  public static long read() {
    return READ.get();
  }

  private static void pass() {
    arrived.countDown();
    try {
      if (pauseMillis > 0) {
        Thread.sleep(pauseMillis);
      }
      if (!open.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    return new ConstantScoreWeight(this, boost) {
      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) {
        int maxDoc = context.reader().maxDoc();
        DocIdSetIterator all =
            new DocIdSetIterator() {
              private int doc = -1;

              @Override
              public int docID() {
                return doc;
              }

              @Override
              public int nextDoc() {
                return advance(doc + 1);
              }

              @Override
              public int advance(int target) {
                if (doc == -1) {
                  pass();
                }
                if (target >= maxDoc) {
                  return doc = NO_MORE_DOCS;
                }
                READ.incrementAndGet();
                return doc = target;
              }

              @Override
              public long cost() {
                return maxDoc;
              }
            };
        return new DefaultScorerSupplier(new ConstantScoreScorer(score(), scoreMode, all));
      }

      @Override
      public boolean isCacheable(LeafReaderContext context) {
        return false; // a cache would read it whole, outside the search
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public String toString(String field) {
    return "GateQuery";
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other);
  }

  @Override
  public int hashCode() {
    return classHash();
  }
}
