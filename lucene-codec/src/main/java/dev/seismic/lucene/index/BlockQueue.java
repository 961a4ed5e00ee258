package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.util.ArrayUtil;

/**
 * The blocks of all the lists one search visits, with their summary scores, taken best first. A
 * block is remembered by where its documents start in the postings file and how many there are, so
 * blocks of different lists can be read in any order after all their lists were loaded. Reused by
 * one thread from search to search: by queries, and by the build of a segment's κ-NN graph, which
 * searches the segment with each of its documents.
 *
 * @lucene.internal
 */
public final class BlockQueue {
  private float[] scores = new float[64];
  private long[] addresses = new long[64];
  private int[] sizes = new int[64];
  private int[] segments = new int[64];
  private long[] order = new long[64]; // max-heap of score bits << 32 | entry
  private int remaining; // entries still in the heap
  private float[] listScores = new float[64];
  private int size;

  public void clear() {
    size = 0;
  }

  /**
   * Scores the loaded list's summaries against a query and adds its blocks, each remembered with
   * {@code segment}.
   *
   * @param ords the query's term ordinals, ascending
   * @param weights their weights
   * @param n the query's length
   * @param dense the same query by ordinal
   */
  public void addList(
      InvertedIndex.PostingList list,
      int[] ords,
      float[] weights,
      int n,
      float[] dense,
      int segment)
      throws IOException {
    int nb = list.numBlocks();
    listScores = ArrayUtil.grow(listScores, nb);
    list.summaries().score(ords, weights, n, dense, listScores);
    ensureCapacity(size + nb);
    for (int b = 0; b < nb; b++) {
      scores[size + b] = listScores[b];
      addresses[size + b] = list.blockAddress(b);
      sizes[size + b] = list.blockSize(b);
      segments[size + b] = segment;
    }
    size += nb;
  }

  private void ensureCapacity(int capacity) {
    // Each array by its own length: grow() over-allocates by element size, so arrays of floats
    // and of longs grown to the same minimum get different lengths.
    scores = ArrayUtil.grow(scores, capacity);
    addresses = ArrayUtil.grow(addresses, capacity);
    sizes = ArrayUtil.grow(sizes, capacity);
    segments = ArrayUtil.grow(segments, capacity);
    order = ArrayUtil.growNoCopy(order, capacity);
  }

  /**
   * Makes the blocks ready to be taken best first by {@link #next()}. A search visits a small share
   * of the blocks it scored, so they are heapified (linear) rather than sorted, and each visited
   * block costs a logarithmic pop.
   */
  public void heapify() {
    // Non-negative floats order like their bits; negative scores (never produced by non-negative
    // weights) count as zero.
    for (int e = 0; e < size; e++) {
      order[e] = ((long) Float.floatToIntBits(Math.max(0f, scores[e])) << 32) | e;
    }
    remaining = size;
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  /** The best block not taken yet (an entry for {@link #score} and the others), or -1. */
  public int next() {
    if (remaining == 0) {
      return -1;
    }
    long top = order[0];
    order[0] = order[--remaining];
    siftDown(0);
    return (int) top;
  }

  private void siftDown(int i) {
    long[] heap = order;
    int n = remaining;
    long value = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && heap[child + 1] > heap[child]) {
        child++;
      }
      if (heap[child] <= value) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = value;
  }

  public float score(int entry) {
    return scores[entry];
  }

  public long address(int entry) {
    return addresses[entry];
  }

  public int blockSize(int entry) {
    return sizes[entry];
  }

  /** The segment given with the block's list. */
  public int segment(int entry) {
    return segments[entry];
  }
}
