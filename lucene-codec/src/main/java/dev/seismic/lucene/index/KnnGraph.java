package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.store.IndexInput;

/**
 * A segment's κ-NN graph, as read back: for every document, up to κ ({@code nknn}) documents of the
 * same segment with the largest inner products with it, best first, as the segment's own Seismic
 * search found them when the segment was written (Bruch, Nardini, Rulli and Venturini, <em>Pairing
 * Clustered Inverted Indexes with κ-NN Graphs for Fast Approximate Retrieval over Learned Sparse
 * Representations</em>, CIKM 2024). A query scores the neighbours of its best hits: documents close
 * to a good hit are often good hits too, and the blocks that hold them may have been skipped.
 *
 * <p>Rows have a fixed length, κ ids of {@link DocIds#bytesPerDoc} bytes each, so a row is found
 * without an offset table; a row with fewer than κ neighbours is filled with the document's own id,
 * which never is its own neighbour.
 */
public final class KnnGraph {

  private final int maxDoc;
  private final int nknn;
  private final int docBytes;
  private final IndexInput rows;

  private KnnGraph(int maxDoc, int nknn, IndexInput rows) {
    this.maxDoc = maxDoc;
    this.nknn = nknn;
    this.docBytes = DocIds.bytesPerDoc(maxDoc);
    this.rows = rows;
  }

  /** The bytes of the graph of a segment of {@code maxDoc} documents, κ = {@code nknn}. */
  public static long length(int maxDoc, int nknn) {
    return (long) maxDoc * nknn * DocIds.bytesPerDoc(maxDoc);
  }

  /** Opens the graph where {@code meta} says it lies in {@code data}. */
  public static KnnGraph open(int maxDoc, int nknn, FieldMetadata.GraphMeta meta, IndexInput data)
      throws IOException {
    return new KnnGraph(maxDoc, nknn, data.slice("knn graph", meta.start(), meta.length()));
  }

  /** κ: the neighbours stored per document. */
  public int nknn() {
    return nknn;
  }

  public int maxDoc() {
    return maxDoc;
  }

  /**
   * The raw rows, for {@link dev.seismic.lucene.check.FieldIndexCheck}, which reads them by the
   * format's grammar.
   *
   * @lucene.internal
   */
  public IndexInput rows() {
    return rows.clone();
  }

  /** A reader of the rows, for one thread. */
  public Reader reader() {
    return new Reader(rows.clone());
  }

  /** Reads rows of the graph; reused from search to search on one thread. Not thread-safe. */
  public final class Reader {
    private final IndexInput in;
    private final DocIds docIds = new DocIds(docBytes);

    private Reader(IndexInput in) {
      this.in = in;
    }

    /**
     * Reads up to {@code n} of {@code doc}'s neighbours, best first, into {@code out} from {@code
     * at}; returns how many it read (fewer than {@code n} when the row holds fewer).
     */
    public int neighbours(int doc, int n, int[] out, int at) throws IOException {
      int wanted = Math.min(n, nknn);
      in.seek((long) doc * nknn * docBytes);
      docIds.read(in, out, at, wanted);
      for (int i = 0; i < wanted; i++) {
        if (out[at + i] == doc) {
          return i; // the row's padding starts here
        }
      }
      return wanted;
    }
  }
}
