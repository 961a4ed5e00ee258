package dev.seismic.lucene.search;

import java.util.Arrays;

/**
 * The k best scores found so far by all the segment searches of one query, so that each segment
 * skips blocks against the best k-th score any segment has found, not only its own: once a large
 * segment has filled the top k, a small one searched after it (or beside it, on another thread)
 * visits only the blocks that can still compete. Lucene's kNN queries share their k-th score across
 * segments the same way ({@code MultiLeafKnnCollector}).
 *
 * <p>The k-th score is valid as a bar for every segment: each score offered here belongs to a hit
 * that its segment's own top k kept, and a segment drops a hit only for k better ones, so the
 * merged top k of all segments holds k hits scoring at least {@link #minScore()}.
 *
 * <p>Reading the bar is a volatile read; offering takes a lock only for a score that beats it.
 */
final class SharedTopScores {
  private final int k;
  private float[] heap; // min-heap of the best scores, at most k
  private int size;
  private volatile float minScore = Float.NEGATIVE_INFINITY;

  SharedTopScores(int k) {
    this.k = k;
    this.heap = new float[Math.min(k, 1 << 10)];
  }

  /** The k-th best score offered so far, or negative infinity while fewer than k were offered. */
  float minScore() {
    return minScore;
  }

  /** Whether k scores were offered. */
  boolean isFull() {
    return minScore != Float.NEGATIVE_INFINITY;
  }

  /** Offers the score of a hit that a segment's top k kept. */
  void offer(float score) {
    if (score <= minScore) {
      return;
    }
    synchronized (this) {
      if (size < k) {
        if (size == heap.length) {
          heap = Arrays.copyOf(heap, (int) Math.min(k, 2L * heap.length));
        }
        heap[size] = score;
        up(size++);
      } else if (score > heap[0]) {
        heap[0] = score;
        down();
      } else {
        return;
      }
      if (size == k) {
        minScore = heap[0];
      }
    }
  }

  private void up(int i) {
    float value = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= value) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = value;
  }

  private void down() {
    float value = heap[0];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (heap[child] >= value) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = value;
  }
}
