package dev.seismic.lucene.index;

import dev.seismic.lucene.document.BuildParams;
import java.io.Closeable;
import java.io.IOException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.CloseableThreadLocal;
import org.apache.lucene.util.RamUsageEstimator;

/**
 * Everything Seismic keeps for one field of one segment, as read back: the term dictionary, the
 * forward index, the inverted index, the build parameters and a few statistics. All data stays in
 * the (memory-mapped) files; the heap holds only their small metadata.
 */
public final class FieldIndex implements Closeable {

  private final String field;
  private final int maxDoc;
  private final FieldMetadata metadata;
  private final TermDictionary terms;
  private final ForwardIndex forward;
  private final InvertedIndex inverted;
  private final KnnGraph graph; // null when the field has none
  private final CloseableThreadLocal<Readers> readers = new CloseableThreadLocal<>();

  /**
   * One thread's readers of this field's structures: each holds file clones and small buffers, so
   * they are made once per thread and segment rather than once per search.
   *
   * @param graph null when the field has no κ-NN graph
   */
  public record Readers(
      TermDictionary.Lookup terms,
      ForwardIndex.Cursor forward,
      InvertedIndex.PostingList list,
      KnnGraph.Reader graph) {}

  private FieldIndex(
      String field,
      int maxDoc,
      FieldMetadata metadata,
      TermDictionary terms,
      ForwardIndex forward,
      InvertedIndex inverted,
      KnnGraph graph) {
    this.field = field;
    this.maxDoc = maxDoc;
    this.metadata = metadata;
    this.terms = terms;
    this.forward = forward;
    this.inverted = inverted;
    this.graph = graph;
  }

  /** Opens the field's structures in the data files, where its {@code metadata} says they lie. */
  public static FieldIndex open(
      String field,
      int maxDoc,
      FieldMetadata metadata,
      IndexInput termsData,
      IndexInput forwardData,
      IndexInput postingsData,
      IndexInput summariesData,
      IndexInput graphData)
      throws IOException {
    TermDictionary terms = TermDictionary.open(metadata.terms(), termsData);
    ForwardIndex forward = ForwardIndex.open(maxDoc, metadata.forward(), forwardData);
    InvertedIndex inverted =
        InvertedIndex.open(terms.size(), maxDoc, metadata.inverted(), postingsData, summariesData);
    KnnGraph graph =
        metadata.graph() == null
            ? null
            : KnnGraph.open(maxDoc, metadata.params().nknn(), metadata.graph(), graphData);
    return new FieldIndex(field, maxDoc, metadata, terms, forward, inverted, graph);
  }

  public String field() {
    return field;
  }

  public int maxDoc() {
    return maxDoc;
  }

  public BuildParams params() {
    return metadata.params();
  }

  public FieldStats stats() {
    return metadata.stats();
  }

  public TermDictionary terms() {
    return terms;
  }

  public ForwardIndex forward() {
    return forward;
  }

  public InvertedIndex inverted() {
    return inverted;
  }

  /** The field's κ-NN graph, or null when it was built without one ({@code nknn} 0). */
  public KnnGraph graph() {
    return graph;
  }

  /** This thread's readers of the field, made on first use. */
  public Readers readers() throws IOException {
    Readers mine = readers.get();
    if (mine == null) {
      mine =
          new Readers(
              terms.lookup(),
              forward.cursor(),
              inverted.postingList(),
              graph == null ? null : graph.reader());
      readers.set(mine);
    }
    return mine;
  }

  @Override
  public void close() {
    readers.close();
  }

  /** Heap held for this field. */
  public long ramBytesUsed() {
    return RamUsageEstimator.shallowSizeOfInstance(FieldIndex.class)
        + terms.ramBytesUsed()
        + forward.ramBytesUsed()
        + inverted.ramBytesUsed();
  }

  @Override
  public String toString() {
    return "FieldIndex(" + field + ", " + metadata.stats() + ", " + metadata.params() + ")";
  }
}
