package dev.seismic.lucene.check;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.DocIds;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.KnnGraph;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.store.IndexInput;

/**
 * Checks a field's κ-NN graph by the format's grammar (see the codecs package documentation),
 * reading the raw rows rather than through {@link KnnGraph.Reader}:
 *
 * <ul>
 *   <li>the graph exists exactly when {@code nknn} &gt; 0, and its length is {@code maxDoc · NKnn ·
 *       width} bytes;
 *   <li>every id is below maxDoc;
 *   <li>within row d, d appears only as padding: once it does, every later entry is d too;
 *   <li>no neighbour appears twice in a row;
 *   <li>the row of a document without a vector is all padding, and no neighbour lacks a vector (the
 *       build only keeps documents with a positive inner product);
 *   <li>on a sample of rows ({@link #SCORED_ROWS} at most, evenly spread), every neighbour shares a
 *       token with the document and neighbours come by non-increasing inner product, computed from
 *       the forward index's raw entries.
 * </ul>
 *
 * <p>The structural checks read each row once and hold one int per document; the sampled scoring
 * costs about {@code SCORED_ROWS · NKnn} sparse dot products, whatever the segment's size.
 */
final class KnnGraphCheck {

  /**
   * Rows whose neighbours are scored against the document, at most: scoring every row would cost
   * the graph's build again (a search per document), and one misordered row in a few thousand is
   * enough to show a writer bug, which would touch many.
   */
  static final int SCORED_ROWS = 1 << 14;

  /**
   * Relative slack when comparing inner products: the build scores in float, possibly in another
   * order of summation (vectorised), so neighbours whose scores tie may come in either order.
   */
  static final double SCORE_TOLERANCE = 1e-4;

  private final FieldIndex index;
  private final ForwardIndexCheck forward;
  private final FieldIndexCheck.Problems problems;
  private final int maxDoc;
  private final int nknn;

  long rows;
  long neighbours;
  long scoredRows;

  KnnGraphCheck(FieldIndex index, ForwardIndexCheck forward, FieldIndexCheck.Problems problems) {
    this.index = index;
    this.forward = forward;
    this.problems = problems;
    this.maxDoc = index.maxDoc();
    this.nknn = index.params().nknn();
  }

  int nknn() {
    return nknn;
  }

  /** Checks the graph, if the field has or should have one. */
  void check() throws IOException {
    KnnGraph graph = index.graph();
    if (nknn == 0) {
      if (graph != null) {
        problems.report("knn graph present although nknn is 0");
      }
      return;
    }
    if (graph == null) {
      problems.report("knn graph missing although nknn is " + nknn);
      return;
    }
    if (graph.nknn() != nknn || graph.maxDoc() != maxDoc) {
      problems.report(
          "knn graph opened with nknn "
              + graph.nknn()
              + " and maxDoc "
              + graph.maxDoc()
              + ", the field has "
              + nknn
              + " and "
              + maxDoc);
      return;
    }
    int width = DocIds.bytesPerDoc(maxDoc);
    IndexInput in = graph.rows();
    long expected = (long) maxDoc * nknn * width;
    if (in.length() != expected) {
      problems.report(
          "knn graph: "
              + in.length()
              + " bytes, expected "
              + expected
              + " ("
              + maxDoc
              + " rows of "
              + nknn
              + " ids of "
              + width
              + " bytes)");
      return;
    }
    try {
      checkRows(in, width);
    } catch (IOException | RuntimeException e) {
      // The length was right, so a failure here is the data's, not the check's: report it.
      problems.report("knn graph unreadable (" + e + ")");
    }
  }

  private void checkRows(IndexInput in, int width) throws IOException {
    byte[] bytes = new byte[nknn * width];
    int[] row = new int[nknn];
    int[] lastRowOf = new int[maxDoc]; // per document: 1 + the last row that listed it
    int stride = Math.max(1, (int) Math.ceil(maxDoc / (double) SCORED_ROWS));
    RowScorer scorer = new RowScorer();
    in.seek(0);
    for (int d = 0; d < maxDoc && !problems.stopped(); d++) {
      in.readBytes(bytes, 0, bytes.length);
      decode(bytes, width, row);
      rows++;
      int n = checkRow(d, row, lastRowOf);
      neighbours += n;
      if (d % stride == 0 && n > 0 && !problems.stopped()) {
        scorer.check(d, row, n);
        scoredRows++;
      }
    }
  }

  /** Little-endian ids of {@code width} bytes, as the grammar's Doc. */
  private static void decode(byte[] bytes, int width, int[] out) {
    for (int i = 0, p = 0; i < out.length; i++) {
      int id = 0;
      for (int b = 0; b < width; b++, p++) {
        id |= (bytes[p] & 0xFF) << (8 * b);
      }
      out[i] = id;
    }
  }

  /** Checks row {@code d}'s rules; returns its neighbours (the entries before the padding). */
  private int checkRow(int d, int[] row, int[] lastRowOf) throws IOException {
    int paddingAt = -1;
    boolean hasVector = forward.length(d) > 0;
    for (int i = 0; i < nknn; i++) {
      int id = row[i];
      String where = "knn graph, doc " + d + ", position " + i;
      if (id < 0 || id >= maxDoc) {
        problems.report(where + ": neighbour " + id + " is not a document of the " + maxDoc);
        continue;
      }
      if (id == d) {
        if (paddingAt < 0) {
          paddingAt = i;
        }
        continue;
      }
      if (paddingAt >= 0) {
        problems.report(
            where
                + ": neighbour "
                + id
                + " after the row's padding (the document's own id) began at position "
                + paddingAt);
        continue;
      }
      if (!hasVector) {
        problems.report(where + ": neighbour " + id + " of a document without a vector");
      } else if (forward.length(id) == 0) {
        problems.report(where + ": neighbour " + id + " has no vector");
      }
      if (lastRowOf[id] == d + 1) {
        problems.report(where + ": neighbour " + id + " listed twice");
      }
      lastRowOf[id] = d + 1;
    }
    return paddingAt < 0 ? nknn : paddingAt;
  }

  /** Scores a row's neighbours against its document from the forward index's raw entries. */
  private final class RowScorer {
    private int[] components; // the document's, copied: loading a neighbour overwrites them
    private float[] weights;

    void check(int d, int[] row, int n) throws IOException {
      int length = forward.load(d);
      components = Arrays.copyOf(forward.components, Math.max(length, 1));
      weights = new float[components.length];
      for (int i = 0; i < length; i++) {
        weights[i] = SeismicVectorField.decodeWeight(forward.values[i]);
      }
      double previous = Double.POSITIVE_INFINITY;
      int previousAt = -1;
      for (int i = 0; i < n; i++) {
        int id = row[i];
        if (id < 0 || id >= maxDoc || id == d) {
          return; // reported by the structural check
        }
        double score = dot(length, id);
        String where = "knn graph, doc " + d + ", position " + i;
        if (!(score > 0)) {
          problems.report(where + ": neighbour " + id + " shares no token with the document");
        }
        if (score > previous * (1 + SCORE_TOLERANCE)) {
          problems.report(
              where
                  + ": neighbour "
                  + id
                  + " has inner product "
                  + (float) score
                  + ", more than the "
                  + (float) previous
                  + " of neighbour "
                  + row[previousAt]
                  + " at position "
                  + previousAt
                  + "; neighbours come best first");
        }
        previous = score;
        previousAt = i;
      }
    }

    /** The inner product of the loaded document (length entries) with document {@code other}. */
    private double dot(int length, int other) throws IOException {
      int m = forward.load(other);
      double sum = 0;
      for (int i = 0, j = 0; i < length && j < m; ) {
        int a = components[i];
        int b = forward.components[j];
        if (a < b) {
          i++;
        } else if (a > b) {
          j++;
        } else {
          sum += (double) weights[i] * SeismicVectorField.decodeWeight(forward.values[j]);
          i++;
          j++;
        }
      }
      return sum;
    }
  }
}
