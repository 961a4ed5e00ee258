package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.ForwardIndex;
import java.io.IOException;
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
 * components ({@link #heaviestPositions}, picked when such a document is read). Without that bound
 * a document with many tokens costs quadratic time and space: each of its lists may hold it alone
 * in a block whose summary is the document itself, so one 65,535-token document made about 2·10⁹
 * summary entries and ran the node out of memory at flush. With it, a summary costs at most that
 * many entries per document of its block, and building it reads no more. Learned encoders give
 * documents tens to hundreds of tokens, whose summaries are unchanged.
 *
 * <p>Building runs once per block of every list (two million times for a million documents), so it
 * sorts nothing: values are handled in their 16-bit stored encoding (whose order is the weights'
 * order), bucketed by their top byte (the float exponent), and the bucket where the kept mass
 * crosses the target is counted by the value's low byte; only ties at the final value are sorted.
 * The hot loops are written without data-dependent branches.
 *
 * <p>Instances are reused: {@link #build} overwrites the previous summary.
 *
 * @lucene.internal
 */
public final class QuantizedSummary {

  private static final int BUCKETS = 256;

  /**
   * The most components a document brings to a summary (see the class comment).
   *
   * @lucene.internal
   */
  public static final int MAX_ENTRIES_PER_DOC = 256;

  /**
   * The positions {@code [0, n)} of the {@link #MAX_ENTRIES_PER_DOC} largest stored values (ties to
   * the smaller position), heaviest first; {@code n} must exceed that cap. Shared with the
   * structure validator, which must pick exactly what the build picked.
   *
   * @lucene.internal
   */
  public static int[] heaviestPositions(int n, java.util.function.IntUnaryOperator storedValue) {
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

  private final ForwardIndex.Cursor vectors;
  private final float summaryEnergy;
  private final int[] maxima; // dense, by component: the maximum stored value; zero between builds
  private int[] touched = new int[64];
  private final float[] bucketMass = new float[BUCKETS];
  private int[] boundary = new int[64]; // the components of the threshold bucket
  private final int[] levelCounts = new int[256]; // zero between builds

  // The summary built last: its components (see build for their order), with their codes.
  int size;
  int[] components = new int[64];
  byte[] codes = new byte[64];
  float min;
  float step;

  /**
   * @param vectors this instance's own reader of the segment's forward index
   * @param numTerms the field's vocabulary in the segment
   */
  QuantizedSummary(ForwardIndex.Cursor vectors, int numTerms, float summaryEnergy) {
    this.vectors = vectors;
    this.summaryEnergy = summaryEnergy;
    this.maxima = new int[numTerms];
  }

  /**
   * Summarises the documents {@code docs[from..to)}. The kept components come in no particular
   * order (a layout that needs them ascending sorts them, {@code ListSummaries}).
   */
  void build(int[] docs, int from, int to) throws IOException {
    vectors.touch(docs, from, to);
    int numTouched = takeMaxima(docs, from, to);
    int[] touched = this.touched;
    int[] maxima = this.maxima;
    double mass = 0;
    for (int t = 0; t < numTouched; t++) {
      int v = maxima[touched[t]];
      float w = SeismicVectorField.decodeWeight(v);
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
    // Branch-free for the same reason as takeMaxima: each component is written to both lists and
    // only the list it belongs to advances.
    components = ArrayUtil.growNoCopy(components, numTouched);
    boundary = ArrayUtil.growNoCopy(boundary, numTouched);
    int size = 0;
    int numBoundary = 0;
    for (int t = 0; t < numTouched; t++) {
      int c = touched[t];
      int bucket = maxima[c] >>> 8;
      components[size] = c;
      size += bucket > threshold ? 1 : 0;
      boundary[numBoundary] = c;
      numBoundary += bucket == threshold ? 1 : 0;
    }
    size = keepHeaviestOfBoundary(size, numBoundary, kept, target);
    this.size = size;
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
      min = SeismicVectorField.decodeWeight(minValue);
      step = (SeismicVectorField.decodeWeight(maxValue) - min) / 255f;
    }
    codes = ArrayUtil.growNoCopy(codes, size);
    for (int i = 0; i < size; i++) {
      codes[i] = quantize(SeismicVectorField.decodeWeight(maxima[components[i]]));
    }
    for (int t = 0; t < numTouched; t++) {
      maxima[touched[t]] = 0;
    }
  }

  /**
   * Appends to {@link #components} the heaviest components of the threshold bucket ({@code
   * boundary[0..numBoundary)}, all sharing the top byte of their stored value) until the kept mass
   * reaches {@code target}, heaviest first and, among equal values, smallest component first; keeps
   * at least one component in all. Returns the new size.
   *
   * <p>Rather than sorting the bucket (a hundred or more components per summary), it counts the
   * bucket's components by the low byte of their value, walks those levels from the heaviest adding
   * one component's weight at a time (the same additions, in the same order, as walking a sorted
   * bucket), and sorts only the components of the level where it stops.
   */
  private int keepHeaviestOfBoundary(int size, int numBoundary, double kept, double target) {
    int[] maxima = this.maxima;
    int[] boundary = this.boundary;
    if (numBoundary == 0 || (kept >= target && size > 0)) {
      return size;
    }
    int bucketBase = maxima[boundary[0]] & 0xFF00;
    for (int i = 0; i < numBoundary; i++) {
      levelCounts[maxima[boundary[i]] & 0xFF]++;
    }
    int stopLevel = -1; // levels above it are kept whole
    int takenAtStop = 0;
    int keptCount = size;
    for (int level = 0xFF; level >= 0; level--) {
      int count = levelCounts[level];
      if (count == 0) {
        continue;
      }
      float w = SeismicVectorField.decodeWeight(bucketBase | level);
      int taken = 0;
      while (taken < count && (kept < target || keptCount == 0)) {
        kept += w;
        taken++;
        keptCount++;
      }
      if (taken < count) {
        stopLevel = level;
        takenAtStop = taken;
        break;
      }
    }
    Arrays.fill(levelCounts, 0);
    int numTies = 0;
    for (int i = 0; i < numBoundary; i++) {
      int c = boundary[i];
      int level = maxima[c] & 0xFF;
      if (level > stopLevel) {
        components[size++] = c;
      } else if (level == stopLevel) {
        boundary[numTies++] = c; // reuses the slots already read
      }
    }
    if (takenAtStop > 0) {
      Arrays.sort(boundary, 0, numTies);
      System.arraycopy(boundary, 0, components, size, takenAtStop);
      size += takenAtStop;
    }
    return size;
  }

  /**
   * Takes the component-wise maximum of the documents' stored values into {@link #maxima} and lists
   * the components it touched, in the order first seen; returns how many.
   *
   * <p>Without branches on the data: each entry is appended to {@link #touched} and the count
   * advances only when the component was new, and the maximum is a conditional move. Whether a
   * component is new, and whether a value beats the maximum so far, are coin flips the processor
   * cannot predict; a branch on them would be mispredicted about every other entry.
   */
  private int takeMaxima(int[] docs, int from, int to) throws IOException {
    int[] maxima = this.maxima;
    int numTouched = 0;
    for (int i = from; i < to; i++) {
      vectors.load(docs[i]);
      int n = vectors.length();
      int[] touched = this.touched = ArrayUtil.grow(this.touched, numTouched + n + 1);
      if (n <= MAX_ENTRIES_PER_DOC) {
        for (int e = 0; e < n; e++) {
          int c = vectors.component(e);
          int old = maxima[c];
          touched[numTouched] = c;
          numTouched += old == 0 ? 1 : 0;
          maxima[c] = Math.max(old, vectors.value(e));
        }
      } else {
        for (int e : heaviestPositions(n, vectors::value)) {
          int c = vectors.component(e);
          int old = maxima[c];
          touched[numTouched] = c;
          numTouched += old == 0 ? 1 : 0;
          maxima[c] = Math.max(old, vectors.value(e));
        }
      }
    }
    return numTouched;
  }

  private byte quantize(float w) {
    if (step == 0f) {
      return 0;
    }
    int code = Math.round((w - min) / step);
    return (byte) Math.max(0, Math.min(255, code));
  }
}
