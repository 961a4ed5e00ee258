package dev.seismic.bench.harness;

import java.util.Map;

/** Groups an index's file sizes into the parts the issue asks about. */
public final class IndexSizes {

  /** Seismic's own files and what each holds (see the codec's package documentation). */
  public static final Map<String, String> SEISMIC_PARTS =
      Map.of(
          "sfi", "forward index",
          "spl", "pruned postings",
          "ssm", "summaries",
          "str", "term dictionary",
          "skg", "κ-NN graph",
          "smt", "Seismic meta");

  private IndexSizes() {}

  /** Bytes in Seismic's own files. */
  public static long seismicOnly(Map<String, Long> sizes) {
    long n = 0;
    for (String ext : SEISMIC_PARTS.keySet()) {
      n += sizes.getOrDefault(ext, 0L);
    }
    return n;
  }

  /** Bytes in every other file: the delegate's postings, doc values, segment metadata. */
  public static long delegateAndOther(Map<String, Long> sizes, long total) {
    return total - seismicOnly(sizes);
  }
}
