package dev.seismic.lucene.search;

import dev.seismic.lucene.index.InvertedIndex;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.util.ArrayUtil;

/**
 * The blocks of all the lists one search visits, with their summary scores, ordered best first.
 * A block is remembered by where its documents start in the postings file and how many there are,
 * so blocks of different lists can be read in any order after all their lists were loaded.
 * Reused by one thread from search to search.
 */
final class BlockQueue {
  private float[] scores = new float[64];
  private long[] addresses = new long[64];
  private int[] sizes = new int[64];
  private long[] order = new long[64]; // score bits << 32 | entry, ascending
  private float[] listScores = new float[64];
  private int size;

  void clear() {
    size = 0;
  }

  int size() {
    return size;
  }

  /** Scores the loaded list's summaries against the query and adds its blocks. */
  void addList(InvertedIndex.PostingList list, SegmentQuery query) throws IOException {
    int nb = list.numBlocks();
    listScores = ArrayUtil.grow(listScores, nb);
    list.scoreSummaries(query.ords, query.weights, query.length(), query.dense, listScores);
    int newSize = size + nb;
    if (newSize > scores.length) {
      scores = ArrayUtil.grow(scores, newSize);
      addresses = ArrayUtil.grow(addresses, newSize);
      sizes = ArrayUtil.grow(sizes, newSize);
      order = ArrayUtil.growNoCopy(order, newSize);
    }
    for (int b = 0; b < nb; b++) {
      scores[size + b] = listScores[b];
      addresses[size + b] = list.blockAddress(b);
      sizes[size + b] = list.blockSize(b);
    }
    size = newSize;
  }

  /** Orders the blocks by summary score, best first; {@code score(0)} is then the best. */
  void sortBestFirst() {
    // Non-negative floats sort like their bits; negative scores (never produced by non-negative
    // weights) would count as zero.
    for (int e = 0; e < size; e++) {
      order[e] = ((long) Float.floatToIntBits(Math.max(0f, scores[e])) << 32) | e;
    }
    Arrays.sort(order, 0, size);
  }

  private int entry(int i) {
    return (int) order[size - 1 - i];
  }

  /** The summary score of the i-th best block. */
  float score(int i) {
    return scores[entry(i)];
  }

  long address(int i) {
    return addresses[entry(i)];
  }

  int blockSize(int i) {
    return sizes[entry(i)];
  }
}
