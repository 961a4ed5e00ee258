package dev.seismic.lucene.document;

import java.util.Locale;
import java.util.Map;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.FieldInfo;

/**
 * How a segment's Seismic structures are built for one field. The values travel as {@link
 * FieldType} attributes (so they reach {@link FieldInfo} at flush and merge) and are recorded in
 * the segment's meta file, so reading never depends on them.
 *
 * <table>
 *   <caption>Parameters, with Seismic's names</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code n_postings}</td><td>{@value #DEFAULT_N_POSTINGS}</td>
 *       <td>static pruning budget λ: postings kept per term <em>per million documents</em> of the
 *       segment up to a million, growing with the square root of the size beyond (see {@link
 *       #postingsPerList(int)})</td></tr>
 *   <tr><td>{@code min_postings}</td><td>{@value #DEFAULT_MIN_POSTINGS}</td>
 *       <td>floor of λ, so that small segments keep useful lists (see {@link
 *       #postingsPerList(int)})</td></tr>
 *   <tr><td>{@code centroid_fraction}</td><td>{@value #DEFAULT_CENTROID_FRACTION}</td>
 *       <td>β: a pruned list of length L is split into ⌈β·L⌉ blocks by shallow k-means</td></tr>
 *   <tr><td>{@code summary_energy}</td><td>{@value #DEFAULT_SUMMARY_ENERGY}</td>
 *       <td>α: a block summary keeps its largest components holding this share of its L1
 *       mass</td></tr>
 *   <tr><td>{@code min_cluster_size}</td><td>{@value #DEFAULT_MIN_CLUSTER_SIZE}</td>
 *       <td>clusters of at most this many documents are dissolved into their neighbours</td></tr>
 *   <tr><td>{@code doc_cut}</td><td>{@value #DEFAULT_DOC_CUT}</td>
 *       <td>a document joins the closest centroid judged on its largest {@code doc_cut}
 *       components only</td></tr>
 *   <tr><td>{@code nknn}</td><td>{@value #DEFAULT_NKNN}</td>
 *       <td>κ: neighbours stored per document in the segment's κ-NN graph, found by searching the
 *       segment's own Seismic index with each document; 0 builds no graph. A query's {@code knn}
 *       scores up to this many neighbours of each of its best hits</td></tr>
 * </table>
 *
 * @param nPostings {@code n_postings}
 * @param minPostings {@code min_postings}
 * @param centroidFraction {@code centroid_fraction}
 * @param summaryEnergy {@code summary_energy}
 * @param minClusterSize {@code min_cluster_size}
 * @param docCut {@code doc_cut}
 * @param nknn {@code nknn}
 */
public record BuildParams(
    int nPostings,
    int minPostings,
    float centroidFraction,
    float summaryEnergy,
    int minClusterSize,
    int docCut,
    int nknn) {

  public static final int DEFAULT_N_POSTINGS = 2000;
  public static final int DEFAULT_MIN_POSTINGS = 200;
  public static final float DEFAULT_CENTROID_FRACTION = 0.2f;
  public static final float DEFAULT_SUMMARY_ENERGY = 0.5f;
  public static final int DEFAULT_MIN_CLUSTER_SIZE = 2;
  public static final int DEFAULT_DOC_CUT = 15;

  /**
   * No graph unless asked for: it costs a search per document at every flush and merge (see the
   * README's measurements).
   */
  public static final int DEFAULT_NKNN = 0;

  /** The largest κ accepted: a graph row is read whole for each refined hit. */
  public static final int MAX_NKNN = 256;

  /** Documents per unit of {@code n_postings}. */
  public static final int POSTINGS_SCALE_DOCS = 1_000_000;

  public static final String N_POSTINGS = "n_postings";
  public static final String MIN_POSTINGS = "min_postings";
  public static final String CENTROID_FRACTION = "centroid_fraction";
  public static final String SUMMARY_ENERGY = "summary_energy";
  public static final String MIN_CLUSTER_SIZE = "min_cluster_size";
  public static final String DOC_CUT = "doc_cut";
  public static final String NKNN = "nknn";

  /** Prefix of the {@link FieldType} attributes that carry the parameters. */
  public static final String ATTRIBUTE_PREFIX = "seismic.";

  /** The defaults. */
  public static final BuildParams DEFAULTS =
      new BuildParams(
          DEFAULT_N_POSTINGS,
          DEFAULT_MIN_POSTINGS,
          DEFAULT_CENTROID_FRACTION,
          DEFAULT_SUMMARY_ENERGY,
          DEFAULT_MIN_CLUSTER_SIZE,
          DEFAULT_DOC_CUT,
          DEFAULT_NKNN);

  /** Validates every parameter; the message names the parameter and its valid range. */
  public BuildParams {
    check(nPostings >= 1, N_POSTINGS, nPostings, "an integer >= 1");
    check(minPostings >= 1, MIN_POSTINGS, minPostings, "an integer >= 1");
    check(
        centroidFraction > 0 && centroidFraction <= 1,
        CENTROID_FRACTION,
        centroidFraction,
        "a number in (0, 1]");
    check(
        summaryEnergy > 0 && summaryEnergy <= 1,
        SUMMARY_ENERGY,
        summaryEnergy,
        "a number in (0, 1]");
    check(minClusterSize >= 0, MIN_CLUSTER_SIZE, minClusterSize, "an integer >= 0");
    check(docCut >= 1, DOC_CUT, docCut, "an integer >= 1");
    check(nknn >= 0 && nknn <= MAX_NKNN, NKNN, nknn, "an integer in [0, " + MAX_NKNN + "]");
  }

  /** Parameters without a κ-NN graph. */
  public BuildParams(
      int nPostings,
      int minPostings,
      float centroidFraction,
      float summaryEnergy,
      int minClusterSize,
      int docCut) {
    this(
        nPostings,
        minPostings,
        centroidFraction,
        summaryEnergy,
        minClusterSize,
        docCut,
        DEFAULT_NKNN);
  }

  /** These parameters with a κ-NN graph of {@code nknn} neighbours per document (0: none). */
  public BuildParams withNknn(int nknn) {
    return new BuildParams(
        nPostings, minPostings, centroidFraction, summaryEnergy, minClusterSize, docCut, nknn);
  }

  /**
   * λ for a segment of {@code maxDoc} documents: {@code n_postings} per million documents up to a
   * million, {@code ⌈n_postings · maxDoc / 1,000,000⌉}, then growing with the square root of the
   * size, {@code ⌈n_postings · √(maxDoc / 1,000,000)⌉}; never below {@code min_postings}.
   *
   * <p>Up to a million documents λ scales with the segment, which keeps the share of each posting
   * list that survives pruning the same whatever the segment's size: an index cut into many
   * segments keeps about the postings of one merged segment, and merging does not change recall.
   * Beyond, linear growth would make every query's work, the index and clustering (quadratic in λ)
   * grow as fast as exact search does; a fixed λ keeps a shrinking share of each list as lists
   * grow, and loses recall. The square root sits between: at MS MARCO's 8.8M passages it gives
   * 5,933 with the default, close to the 6,000 that the reference implementation uses on that
   * collection.
   *
   * <p>The floor serves segments too small for the scaled λ to leave useful lists. It cannot tell a
   * small collection from a small segment of a large one, and a high floor is paid once per
   * segment: an index in many segments keeps several times the postings of the merged segment, and
   * searches them. The default is the scaled λ of a segment of 100,000 documents; a collection that
   * lives in one small segment gains recall from a higher floor (the README has the measurements).
   */
  public int postingsPerList(int maxDoc) {
    double scaled =
        maxDoc <= POSTINGS_SCALE_DOCS
            ? (double) nPostings * maxDoc / POSTINGS_SCALE_DOCS
            : nPostings * Math.sqrt((double) maxDoc / POSTINGS_SCALE_DOCS);
    return (int) Math.max(minPostings, Math.min(Integer.MAX_VALUE, Math.ceil(scaled)));
  }

  /** Copies these parameters into a field type's attributes. */
  public void applyTo(FieldType type) {
    type.putAttribute(ATTRIBUTE_PREFIX + N_POSTINGS, Integer.toString(nPostings));
    type.putAttribute(ATTRIBUTE_PREFIX + MIN_POSTINGS, Integer.toString(minPostings));
    type.putAttribute(ATTRIBUTE_PREFIX + CENTROID_FRACTION, Float.toString(centroidFraction));
    type.putAttribute(ATTRIBUTE_PREFIX + SUMMARY_ENERGY, Float.toString(summaryEnergy));
    type.putAttribute(ATTRIBUTE_PREFIX + MIN_CLUSTER_SIZE, Integer.toString(minClusterSize));
    type.putAttribute(ATTRIBUTE_PREFIX + DOC_CUT, Integer.toString(docCut));
    type.putAttribute(ATTRIBUTE_PREFIX + NKNN, Integer.toString(nknn));
  }

  /** Reads the parameters of a field; missing ones take their defaults. */
  public static BuildParams fromFieldInfo(FieldInfo info) {
    Map<String, String> attributes = info.attributes();
    try {
      return new BuildParams(
          intAttr(attributes, N_POSTINGS, DEFAULT_N_POSTINGS),
          intAttr(attributes, MIN_POSTINGS, DEFAULT_MIN_POSTINGS),
          floatAttr(attributes, CENTROID_FRACTION, DEFAULT_CENTROID_FRACTION),
          floatAttr(attributes, SUMMARY_ENERGY, DEFAULT_SUMMARY_ENERGY),
          intAttr(attributes, MIN_CLUSTER_SIZE, DEFAULT_MIN_CLUSTER_SIZE),
          intAttr(attributes, DOC_CUT, DEFAULT_DOC_CUT),
          intAttr(attributes, NKNN, DEFAULT_NKNN));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field \"" + info.name + "\": " + e.getMessage(), e);
    }
  }

  /**
   * Builds parameters from a name to value map such as an engine's mapping; unknown names and
   * out-of-range values are refused.
   */
  public static BuildParams fromMap(Map<String, ?> values) {
    for (String key : values.keySet()) {
      switch (key) {
        case N_POSTINGS,
            MIN_POSTINGS,
            CENTROID_FRACTION,
            SUMMARY_ENERGY,
            MIN_CLUSTER_SIZE,
            DOC_CUT,
            NKNN -> {}
        default ->
            throw new IllegalArgumentException(
                "unknown Seismic parameter ["
                    + key
                    + "]; known: n_postings, min_postings, centroid_fraction, summary_energy,"
                    + " min_cluster_size, doc_cut, nknn");
      }
    }
    return new BuildParams(
        intValue(values, N_POSTINGS, DEFAULT_N_POSTINGS),
        intValue(values, MIN_POSTINGS, DEFAULT_MIN_POSTINGS),
        floatValue(values, CENTROID_FRACTION, DEFAULT_CENTROID_FRACTION),
        floatValue(values, SUMMARY_ENERGY, DEFAULT_SUMMARY_ENERGY),
        intValue(values, MIN_CLUSTER_SIZE, DEFAULT_MIN_CLUSTER_SIZE),
        intValue(values, DOC_CUT, DEFAULT_DOC_CUT),
        intValue(values, NKNN, DEFAULT_NKNN));
  }

  private static int intAttr(Map<String, String> attributes, String name, int defaultValue) {
    String v = attributes.get(ATTRIBUTE_PREFIX + name);
    return v == null ? defaultValue : parseInt(name, v);
  }

  private static float floatAttr(Map<String, String> attributes, String name, float defaultValue) {
    String v = attributes.get(ATTRIBUTE_PREFIX + name);
    return v == null ? defaultValue : parseFloat(name, v);
  }

  private static int intValue(Map<String, ?> values, String name, int defaultValue) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number n) {
      if (n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException("[" + name + "] must be an integer, got [" + v + "]");
      }
      if (n.doubleValue() < Integer.MIN_VALUE || n.doubleValue() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "[" + name + "] must be a 32-bit integer, got [" + v + "]");
      }
      return n.intValue();
    }
    return parseInt(name, v.toString());
  }

  private static float floatValue(Map<String, ?> values, String name, float defaultValue) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    return v instanceof Number n ? n.floatValue() : parseFloat(name, v.toString());
  }

  private static int parseInt(String name, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("[" + name + "] must be an integer, got [" + v + "]");
    }
  }

  private static float parseFloat(String name, String v) {
    try {
      return Float.parseFloat(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("[" + name + "] must be a number, got [" + v + "]");
    }
  }

  private static void check(boolean ok, String name, Object value, String range) {
    if (!ok) {
      throw new IllegalArgumentException(
          "[" + name + "] must be " + range + ", got [" + value + "]");
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "n_postings=%d, min_postings=%d, centroid_fraction=%s, summary_energy=%s,"
            + " min_cluster_size=%d, doc_cut=%d, nknn=%d",
        nPostings,
        minPostings,
        centroidFraction,
        summaryEnergy,
        minClusterSize,
        docCut,
        nknn);
  }
}
