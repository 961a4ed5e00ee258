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
 * zero and is never skipped by a tiny {@code heap_factor}.
 *
 * <p>Instances are reused: {@link #build} overwrites the previous summary.
 */
final class QuantizedSummary {

  private final InMemoryForwardIndex vectors;
  private final float summaryEnergy;
  private final float[] accumulator; // dense, by component; zero between builds
  private int[] touched = new int[64];
  private long[] order = new long[64];

  // The summary built last: components ascending, with their codes.
  int size;
  int[] components = new int[64];
  byte[] codes = new byte[64];
  float min;
  float step;

  QuantizedSummary(InMemoryForwardIndex vectors, float summaryEnergy) {
    this.vectors = vectors;
    this.summaryEnergy = summaryEnergy;
    this.accumulator = new float[vectors.numTerms];
  }

  /** Summarises the documents {@code docs[from..to)}. */
  void build(int[] docs, int from, int to) {
    int numTouched = 0;
    for (int i = from; i < to; i++) {
      int doc = docs[i];
      for (int e = vectors.offsets[doc]; e < vectors.offsets[doc + 1]; e++) {
        int c = vectors.components[e];
        float w = vectors.weight(e);
        if (accumulator[c] == 0f) {
          touched = ArrayUtil.grow(touched, numTouched + 1);
          touched[numTouched++] = c;
        }
        if (w > accumulator[c]) {
          accumulator[c] = w;
        }
      }
    }
    // Heaviest first: sort (weight bits, component) pairs; positive floats sort like their bits.
    order = ArrayUtil.growNoCopy(order, numTouched);
    double mass = 0;
    for (int t = 0; t < numTouched; t++) {
      int c = touched[t];
      float w = accumulator[c];
      mass += w;
      order[t] = ((long) Float.floatToIntBits(w) << 32) | (0xFFFFFFFFL - c);
    }
    Arrays.sort(order, 0, numTouched);
    double target = summaryEnergy * mass;
    double kept = 0;
    size = 0;
    components = ArrayUtil.growNoCopy(components, numTouched);
    float max = 0f;
    min = Float.MAX_VALUE;
    for (int t = numTouched - 1; t >= 0; t--) {
      int c = (int) (0xFFFFFFFFL - (order[t] & 0xFFFFFFFFL));
      float w = accumulator[c];
      components[size++] = c;
      kept += w;
      max = Math.max(max, w);
      min = Math.min(min, w);
      if (kept >= target) {
        break;
      }
    }
    Arrays.sort(components, 0, size);
    step = (max - min) / 255f;
    codes = ArrayUtil.growNoCopy(codes, size);
    for (int i = 0; i < size; i++) {
      codes[i] = quantize(accumulator[components[i]]);
    }
    for (int t = 0; t < numTouched; t++) {
      accumulator[touched[t]] = 0f;
    }
    if (size == 0) {
      min = 0f;
      step = 0f;
    }
  }

  private byte quantize(float w) {
    if (step == 0f) {
      return 0;
    }
    int code = Math.round((w - min) / step);
    return (byte) Math.max(0, Math.min(255, code));
  }

  /** The value a code stands for. */
  static float dequantize(float min, float step, int code) {
    return min + step * code;
  }
}
