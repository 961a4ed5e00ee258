package dev.seismic.lucene.builder;

import org.apache.lucene.util.ArrayUtil;

/**
 * Selects a posting list's λ heaviest postings ({@code n_postings}, scaled to the segment) in
 * linear time: a histogram over the 16-bit stored values finds the threshold; ties at the threshold
 * keep the smallest document ids. Holds one list at a time, so the build's heap is bounded by the
 * longest list, not by the segment's postings.
 */
final class ListPruner {

  /** A growable array of documents. */
  static final class Docs {
    int[] values = new int[1024];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = ArrayUtil.grow(values, size + 1);
      }
      values[size++] = v;
    }
  }

  private final int[] histogram = new int[1 << 16];
  private int[] docs = new int[1024];
  private int[] values = new int[1024];
  private int size;

  void reset() {
    size = 0;
  }

  int size() {
    return size;
  }

  /** Adds the list's next posting: documents come in ascending order. */
  void add(int doc, int value) {
    if (size == docs.length) {
      docs = ArrayUtil.grow(docs, size + 1);
      values = ArrayUtil.growExact(values, docs.length);
    }
    docs[size] = doc;
    values[size] = value;
    size++;
  }

  /** Appends the λ heaviest documents of the list to {@code out}, in ascending order. */
  void keepHeaviest(int lambda, Docs out) {
    if (size <= lambda) {
      for (int i = 0; i < size; i++) {
        out.add(docs[i]);
      }
      return;
    }
    for (int i = 0; i < size; i++) {
      histogram[values[i]]++;
    }
    int threshold = histogram.length - 1;
    int above = 0; // postings with a value > threshold
    while (above + histogram[threshold] < lambda) {
      above += histogram[threshold];
      threshold--;
    }
    int atThreshold = lambda - above;
    for (int i = 0; i < size; i++) {
      int v = values[i];
      if (v > threshold) {
        out.add(docs[i]);
      } else if (v == threshold && atThreshold > 0) {
        out.add(docs[i]);
        atThreshold--;
      }
      histogram[v] = 0;
    }
  }
}
