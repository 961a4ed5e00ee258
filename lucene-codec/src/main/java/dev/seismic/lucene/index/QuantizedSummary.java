package dev.seismic.lucene.index;

import java.util.Arrays;
import org.apache.lucene.util.ArrayUtil;

/**
 * One block's summary: the component-wise maximum of its documents' vectors, pruned to the largest
 * components that hold {@code summary_energy} of its L1 mass, and quantized to one byte per
 * component with the summary's own minimum and step ({@code value ≈ min + step · code}).
 *
 * <p>A pruned summary is not an upper bound of its documents' scores; Seismic is approximate by
 * design, and {@code heap_factor} trades the error for speed. With {@code summary_energy = 1} the
 * summary is the full maximum, so a block that shares any component with the query scores above
 * zero and is never skipped by a tiny {@code heap_factor}, unless the cap below applies.
 *
 * <p>A document takes part in summaries with at most its {@link #MAX_ENTRIES_PER_DOC} heaviest
 * components ({@link #heaviestEntries}, computed once per build). Without that bound a document
 * with many tokens costs quadratic time and space: each of its lists may hold it alone in a block
 * whose summary is the document itself, so one 65,535-token document made about 2·10⁹ summary
 * entries and ran the node out of memory at flush. With it, a summary costs at most that many
 * entries per document of its block, and building it reads no more. Learned encoders give
 * documents tens to hundreds of tokens, whose summaries are unchanged.
 *
 * <p>Building runs once per block of every list, so it avoids sorting the whole maximum: values
 * are handled in their 16-bit stored encoding (whose order is the weights' order), bucketed by
 * their top byte (the float exponent), and only the bucket where the kept mass crosses the
 * threshold is sorted.
 *
 * <p>Instances are reused: {@link #build} overwrites the previous summary.
 */
final class QuantizedSummary {

  private static final int BUCKETS = 256;

  /** The most components a document brings to a summary (see the class comment). */
  static final int MAX_ENTRIES_PER_DOC = 256;

  /**
   * For each document with more than {@link #MAX_ENTRIES_PER_DOC} components, the positions (in
   * {@code vectors}) of its heaviest ones; null for the others, and null in all when no document
   * is that long, so ordinary segments pay nothing.
   */
  static int[][] heaviestEntries(InMemoryForwardIndex vectors) {
    int[][] heaviest = null;
    for (int d = 0; d < vectors.maxDoc; d++) {
      int from = vectors.offsets[d];
      int n = vectors.offsets[d + 1] - from;
      if (n <= MAX_ENTRIES_PER_DOC) {
        continue;
      }
      if (heaviest == null) {
        heaviest = new int[vectors.maxDoc][];
      }
      int[] positions = heaviestPositions(n, i -> vectors.values[from + i] & 0xFFFF);
      for (int i = 0; i < positions.length; i++) {
        positions[i] += from;
      }
      heaviest[d] = positions;
    }
    return heaviest;
  }

  /**
   * The positions {@code [0, n)} of the {@link #MAX_ENTRIES_PER_DOC} largest stored values (ties
   * to the smaller position), heaviest first; {@code n} must exceed that cap. Shared with the
   * structure validator, which must pick exactly what the build picked.
   */
  static int[] heaviestPositions(int n, java.util.function.IntUnaryOperator storedValue) {
    // (value, position) pairs sorted ascending: the heaviest come last, ties keep small positions.
    long[] keyed = new long[n];
    for (int i = 0; i < n; i++) {
      keyed[i] = ((long) storedValue.applyAsInt(i) << 32) | (0xFFFFFFFFL - i);
    }
    Arrays.sort(keyed);
    int[] positions = new int[MAX_ENTRIES_PER_DOC];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = (int) (0xFFFFFFFFL - (keyed[n - 1 - i] & 0xFFFFFFFFL));
    }
    return positions;
  }

  private final int[][] heaviest;

  private final InMemoryForwardIndex vectors;
  private final float summaryEnergy;
  private final int[] maxima; // dense, by component: the maximum stored value; zero between builds
  private int[] touched = new int[64];
  private int touchSink; // keeps touchVectors' reads from being optimised away
  private final float[] bucketMass = new float[BUCKETS];
  private long[] boundary = new long[64];

  // The summary built last: components ascending, with their codes.
  int size;
  int[] components = new int[64];
  byte[] codes = new byte[64];
  float min;
  float step;

  /**
   * @param heaviest what {@link #heaviestEntries} returned for {@code vectors}
   */
  QuantizedSummary(InMemoryForwardIndex vectors, float summaryEnergy, int[][] heaviest) {
    this.vectors = vectors;
    this.heaviest = heaviest;
    this.summaryEnergy = summaryEnergy;
    this.maxima = new int[vectors.numTerms];
  }

  /** Summarises the documents {@code docs[from..to)}. */
  void build(int[] docs, int from, int to) {
    touchVectors(docs, from, to);
    int numTouched = 0;
    for (int i = from; i < to; i++) {
      int doc = docs[i];
      int[] positions = heaviest == null ? null : heaviest[doc];
      int begin = positions == null ? vectors.offsets[doc] : 0;
      int end = positions == null ? vectors.offsets[doc + 1] : positions.length;
      for (int p = begin; p < end; p++) {
        int e = positions == null ? p : positions[p];
        int c = vectors.components[e];
        int v = vectors.values[e] & 0xFFFF;
        int old = maxima[c];
        if (old == 0) {
          if (numTouched == touched.length) {
            touched = ArrayUtil.grow(touched, numTouched + 1);
          }
          touched[numTouched++] = c;
        }
        if (v > old) {
          maxima[c] = v;
        }
      }
    }
    double mass = 0;
    for (int t = 0; t < numTouched; t++) {
      int v = maxima[touched[t]];
      float w = Weights.decode(v);
      bucketMass[v >>> 8] += w;
      mass += w;
    }
    // Walk the buckets from the heaviest down to the one where the kept mass reaches the target.
    double target = summaryEnergy * mass;
    double kept = 0;
    int threshold = BUCKETS - 1;
    for (; threshold > 0; threshold--) {
      if (kept + bucketMass[threshold] >= target) {
        break;
      }
      kept += bucketMass[threshold];
    }
    Arrays.fill(bucketMass, 0f);
    // Keep every component above the threshold bucket, then the heaviest of the bucket itself.
    components = ArrayUtil.growNoCopy(components, numTouched);
    size = 0;
    int numBoundary = 0;
    for (int t = 0; t < numTouched; t++) {
      int c = touched[t];
      int bucket = maxima[c] >>> 8;
      if (bucket > threshold) {
        components[size++] = c;
      } else if (bucket == threshold) {
        if (numBoundary == boundary.length) {
          boundary = ArrayUtil.grow(boundary, numBoundary + 1);
        }
        // Heaviest first after sorting ascending and reading backwards; ties keep small ids.
        boundary[numBoundary++] = ((long) maxima[c] << 32) | (0xFFFFFFFFL - c);
      }
    }
    Arrays.sort(boundary, 0, numBoundary);
    for (int b = numBoundary - 1; b >= 0 && (kept < target || size == 0); b--) {
      int c = (int) (0xFFFFFFFFL - (boundary[b] & 0xFFFFFFFFL));
      components[size++] = c;
      kept += Weights.decode(maxima[c]);
    }
    Arrays.sort(components, 0, size);
    int maxValue = 0;
    int minValue = Integer.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      int v = maxima[components[i]];
      maxValue = Math.max(maxValue, v);
      minValue = Math.min(minValue, v);
    }
    if (size == 0) {
      min = 0f;
      step = 0f;
    } else {
      min = Weights.decode(minValue);
      step = (Weights.decode(maxValue) - min) / 255f;
    }
    codes = ArrayUtil.growNoCopy(codes, size);
    for (int i = 0; i < size; i++) {
      codes[i] = quantize(Weights.decode(maxima[components[i]]));
    }
    for (int t = 0; t < numTouched; t++) {
      maxima[touched[t]] = 0;
    }
  }

  /**
   * Reads one word per cache line of each document's vector before the maxima are taken. The
   * documents of a block lie far apart; these reads do not depend on each other, so their memory
   * misses overlap instead of coming one document after the other (the same reason as {@code
   * ForwardIndex.Cursor.dots}); building summaries reads every posting's whole vector and was
   * most of a flush's time.
   */
  private void touchVectors(int[] docs, int from, int to) {
    int sink = 0;
    for (int i = from; i < to; i++) {
      int doc = docs[i];
      int begin = vectors.offsets[doc];
      int end = vectors.offsets[doc + 1];
      for (int e = begin; e < end; e += 16) {
        sink += vectors.components[e];
      }
      for (int e = begin; e < end; e += 32) {
        sink += vectors.values[e];
      }
    }
    touchSink += sink;
  }

  private byte quantize(float w) {
    if (step == 0f) {
      return 0;
    }
    int code = Math.round((w - min) / step);
    return (byte) Math.max(0, Math.min(255, code));
  }
}
