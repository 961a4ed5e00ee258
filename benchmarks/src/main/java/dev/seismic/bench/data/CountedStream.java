package dev.seismic.bench.data;

import java.io.IOException;

/**
 * A {@link VectorStream} that counts what its passes hand over: after a complete pass, the number
 * of vectors and of non-zero components (for reports, when the vectors are never held).
 */
public final class CountedStream implements VectorStream {

  private final VectorStream in;
  private long count = -1;
  private long totalNnz = -1;

  public CountedStream(VectorStream in) {
    this.in = in;
  }

  @Override
  public long size() {
    return count >= 0 ? count : in.size();
  }

  @Override
  public long sizeIfKnown() {
    return count >= 0 ? count : in.sizeIfKnown();
  }

  @Override
  public void forEach(VectorSink sink) throws IOException {
    long[] seen = {0, 0};
    in.forEach(
        (id, tokens, weights) -> {
          seen[0]++;
          seen[1] += tokens.length;
          sink.add(id, tokens, weights);
        });
    count = seen[0];
    totalNnz = seen[1];
  }

  /** Mean non-zero components per vector in the last complete pass; NaN before one. */
  public double meanNnz() {
    return count < 0 ? Double.NaN : count == 0 ? 0 : totalNnz / (double) count;
  }
}
