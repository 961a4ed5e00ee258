package dev.seismic.bench.data;

/**
 * A way of making a large document set from the real pool's vectors, deterministic for its
 * parameters (seed included): {@link MergedPoolGenerator} ({@code --generator merged}) or {@link
 * CooccurrenceGenerator} ({@code --generator cooccur}). The documents come as a {@link
 * VectorStream}: each pass makes them again from the seed, one at a time, so a set of millions is
 * never held in memory.
 */
public interface PoolGenerator {

  /** How many documents a pass makes. */
  int documents();

  /** A file-name-safe key that, with the pool's fingerprint, identifies the documents. */
  String key();

  /** The label printed next to every figure measured on such a set. */
  String label();

  /** One line on how the set is made, for reports. */
  String describe(int poolSize);

  /** The documents made from {@code pool} (the real pool's documents), one pass at a time. */
  VectorStream stream(VectorSet pool);

  /** All documents in memory (for small sets and tests). */
  default VectorSet generate(VectorSet pool) {
    VectorSet.Builder out = new VectorSet.Builder();
    try {
      stream(pool).forEach(out::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // generators do no I/O
    }
    return out.build();
  }
}
