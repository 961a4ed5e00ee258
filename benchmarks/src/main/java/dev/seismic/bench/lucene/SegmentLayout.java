package dev.seismic.bench.lucene;

import java.util.Locale;

/**
 * How an index built by {@link IndexBuilder} is left in segments.
 *
 * <ul>
 *   <li>{@code merged}: flushed as the RAM buffer fills, then {@code forceMerge(1)}: one segment;
 *   <li>{@code segments:N}: exactly N segments of equal document count (sizes differ by at most one
 *       document), in data order: no merge policy, no automatic flush, an explicit flush after each
 *       N-th of the documents;
 *   <li>{@code natural}: whatever Lucene's default {@code TieredMergePolicy} leaves after the RAM
 *       buffer's flushes and the merges they trigger, with no {@code forceMerge}; the build waits
 *       for running merges before it ends.
 * </ul>
 *
 * @param mode the kind of layout
 * @param segments the segment count of {@link Mode#SEGMENTS}, else 0
 */
public record SegmentLayout(Mode mode, int segments) {

  /** The kinds of layout. */
  public enum Mode {
    MERGED,
    SEGMENTS,
    NATURAL
  }

  /** One segment after {@code forceMerge(1)}: the default. */
  public static final SegmentLayout MERGED = new SegmentLayout(Mode.MERGED, 0);

  /** What the merge policy leaves. */
  public static final SegmentLayout NATURAL = new SegmentLayout(Mode.NATURAL, 0);

  public SegmentLayout {
    if (mode == Mode.SEGMENTS ? segments < 1 : segments != 0) {
      throw new IllegalArgumentException("segments:N needs N >= 1, got " + segments);
    }
  }

  /** Exactly {@code n} segments of equal document count. */
  public static SegmentLayout segments(int n) {
    return new SegmentLayout(Mode.SEGMENTS, n);
  }

  /** Parses {@code merged}, {@code natural} or {@code segments:N}. */
  public static SegmentLayout parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.equals("merged")) {
      return MERGED;
    }
    if (t.equals("natural")) {
      return NATURAL;
    }
    if (t.startsWith("segments:")) {
      try {
        int n = Integer.parseInt(t.substring("segments:".length()).trim());
        if (n >= 1) {
          return segments(n);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "--layout must be merged, natural or segments:N with N >= 1, got '" + s + "'");
  }

  /**
   * The number of documents before which the flush that ends segment {@code s} (0-based) comes:
   * {@code floor((s + 1) · docs / N)}, so that segment sizes differ by at most one.
   */
  public long segmentEnd(int s, long docs) {
    return (s + 1L) * docs / segments;
  }

  /** What the build's last step is, for reports. */
  public String finalStep() {
    return switch (mode) {
      case MERGED -> "forceMerge(1)";
      case SEGMENTS -> "none (no merging)";
      case NATURAL -> "wait for TieredMergePolicy's merges";
    };
  }

  @Override
  public String toString() {
    return mode == Mode.SEGMENTS ? "segments:" + segments : mode.name().toLowerCase(Locale.ROOT);
  }
}
