package dev.seismic.lucene.index;

import java.util.Arrays;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;

/**
 * The k best (document, score) pairs seen so far: a binary min-heap whose root is the worst kept
 * hit. Ties on score go to the smaller document id, as in Lucene's own top-k collection, so that
 * exact Seismic search returns what an exact Lucene query returns.
 *
 * @lucene.internal
 */
public final class TopK {
  private final int k;
  private int[] docs;
  private float[] scores;
  private int size;

  public TopK(int k) {
    this.k = k;
    int capacity = Math.min(k, 1 << 10) + 1;
    this.docs = new int[capacity];
    this.scores = new float[capacity];
  }

  public boolean isFull() {
    return size >= k;
  }

  public int size() {
    return size;
  }

  public int k() {
    return k;
  }

  /** The score of the worst kept hit; meaningful once full. */
  public float minScore() {
    return scores[0];
  }

  /** Offers a hit; returns whether it was kept. */
  public boolean offer(int doc, float score) {
    int[] d = docs;
    float[] s = scores;
    if (size < k) {
      if (size == d.length) {
        grow();
        d = docs;
        s = scores;
      }
      d[size] = doc;
      s[size] = score;
      up(size++);
      return true;
    }
    if (worse(score, doc, s[0], d[0]) || (score == s[0] && doc == d[0])) {
      return false;
    }
    d[0] = doc;
    s[0] = score;
    down(0);
    return true;
  }

  /**
   * Copies the kept documents whose score is at least {@code minScore} into {@code out}, in no
   * particular order; returns how many.
   */
  public int docsScoringAtLeast(float minScore, int[] out) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (scores[i] >= minScore) {
        out[n++] = docs[i];
      }
    }
    return n;
  }

  /** Empties the heap for reuse. */
  public void clear() {
    size = 0;
  }

  /** Hits best first, document ids shifted by {@code docBase}. */
  public TopDocs topDocs(int docBase, long totalHits, TotalHits.Relation relation) {
    int[] d = docs;
    float[] s = scores;
    ScoreDoc[] hits = new ScoreDoc[size];
    for (int i = 0; i < size; i++) {
      hits[i] = new ScoreDoc(d[i] + docBase, s[i]);
    }
    Arrays.sort(
        hits,
        (a, b) ->
            a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
    return new TopDocs(new TotalHits(totalHits, relation), hits);
  }

  /** Whether hit a ranks below hit b. */
  private static boolean worse(float scoreA, int docA, float scoreB, int docB) {
    return scoreA < scoreB || (scoreA == scoreB && docA > docB);
  }

  private void up(int i) {
    int[] d = docs;
    float[] s = scores;
    int doc = d[i];
    float score = s[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(score, doc, s[parent], d[parent])) {
        break;
      }
      d[i] = d[parent];
      s[i] = s[parent];
      i = parent;
    }
    d[i] = doc;
    s[i] = score;
  }

  private void down(int i) {
    int[] d = docs;
    float[] s = scores;
    int doc = d[i];
    float score = s[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && worse(s[child + 1], d[child + 1], s[child], d[child])) {
        child++;
      }
      if (!worse(s[child], d[child], score, doc)) {
        break;
      }
      d[i] = d[child];
      s[i] = s[child];
      i = child;
    }
    d[i] = doc;
    s[i] = score;
  }

  /** Heaps start small and grow: k may be huge while few documents match. */
  private void grow() {
    int newLength = (int) Math.min((long) k + 1, 2L * docs.length);
    docs = Arrays.copyOf(docs, newLength);
    scores = Arrays.copyOf(scores, newLength);
  }
}
