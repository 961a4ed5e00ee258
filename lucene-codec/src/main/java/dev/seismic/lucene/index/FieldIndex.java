package dev.seismic.lucene.index;

import dev.seismic.lucene.document.BuildParams;
import java.io.Closeable;
import java.io.IOException;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataOutput;
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
  private final BuildParams params;
  private final FieldStats stats;
  private final TermDictionary terms;
  private final ForwardIndex forward;
  private final InvertedIndex inverted;
  private final CloseableThreadLocal<Readers> readers = new CloseableThreadLocal<>();

  /**
   * One thread's readers of this field's structures: each holds file clones and small buffers, so
   * they are made once per thread and segment rather than once per search.
   */
  public record Readers(
      TermDictionary.Lookup terms, ForwardIndex.Cursor forward, InvertedIndex.PostingList list) {}

  private FieldIndex(
      String field,
      int maxDoc,
      BuildParams params,
      FieldStats stats,
      TermDictionary terms,
      ForwardIndex forward,
      InvertedIndex inverted) {
    this.field = field;
    this.maxDoc = maxDoc;
    this.params = params;
    this.stats = stats;
    this.terms = terms;
    this.forward = forward;
    this.inverted = inverted;
  }

  /** Writes the parameters; the structures' metadata follow, written by the builder. */
  public static void writeParams(BuildParams params, DataOutput meta) throws IOException {
    meta.writeVInt(params.nPostings());
    meta.writeVInt(params.minPostings());
    meta.writeInt(Float.floatToIntBits(params.centroidFraction()));
    meta.writeInt(Float.floatToIntBits(params.summaryEnergy()));
    meta.writeVInt(params.minClusterSize());
    meta.writeVInt(params.docCut());
  }

  /** Writes the statistics, after the structures' metadata. */
  public static void writeStats(FieldStats stats, DataOutput meta) throws IOException {
    meta.writeVInt(stats.numTerms());
    meta.writeVInt(stats.docsWithVector());
    meta.writeVLong(stats.numEntries());
    meta.writeVInt(stats.postingsPerList());
    meta.writeVLong(stats.numPostings());
    meta.writeVLong(stats.numBlocks());
    meta.writeVLong(stats.numSummaryEntries());
  }

  /** Reads one field's metadata (after its field number) and opens its data. */
  public static FieldIndex read(
      String field,
      int maxDoc,
      IndexInput meta,
      IndexInput termsData,
      IndexInput forwardData,
      IndexInput postingsData,
      IndexInput summariesData)
      throws IOException {
    BuildParams params =
        new BuildParams(
            meta.readVInt(),
            meta.readVInt(),
            Float.intBitsToFloat(meta.readInt()),
            Float.intBitsToFloat(meta.readInt()),
            meta.readVInt(),
            meta.readVInt());
    TermDictionary terms = TermDictionary.read(meta, termsData);
    ForwardIndex forward = ForwardIndex.read(maxDoc, meta, forwardData);
    InvertedIndex inverted =
        InvertedIndex.read(terms.size(), maxDoc, meta, postingsData, summariesData);
    FieldStats stats =
        new FieldStats(
            meta.readVInt(),
            meta.readVInt(),
            meta.readVLong(),
            meta.readVInt(),
            meta.readVLong(),
            meta.readVLong(),
            meta.readVLong());
    if (stats.numTerms() != terms.size()) {
      throw new CorruptIndexException(
          "field \"" + field + "\": " + stats.numTerms() + " terms != " + terms.size(), meta);
    }
    return new FieldIndex(field, maxDoc, params, stats, terms, forward, inverted);
  }

  public String field() {
    return field;
  }

  public int maxDoc() {
    return maxDoc;
  }

  public BuildParams params() {
    return params;
  }

  public FieldStats stats() {
    return stats;
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

  /** This thread's readers of the field, made on first use. */
  public Readers readers() throws IOException {
    Readers mine = readers.get();
    if (mine == null) {
      mine = new Readers(terms.lookup(), forward.cursor(), inverted.postingList());
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
    return "FieldIndex(" + field + ", " + stats + ", " + params + ")";
  }
}
