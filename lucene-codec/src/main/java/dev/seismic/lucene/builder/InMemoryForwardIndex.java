package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.ForwardIndex;
import java.io.IOException;
import org.apache.lucene.store.IndexOutput;

/**
 * A segment's document vectors on the heap, used only while building: the forward index is written
 * from it, and clustering and summaries read documents from it.
 *
 * <p>Document {@code d} owns entries {@code [offsets[d], offsets[d + 1])}; its components (term
 * ordinals) ascend, and its values are the term frequencies, i.e. the weights in {@link
 * SeismicVectorField}'s encoding. With at most 65,536 terms an entry is one word, {@code value <<
 * 16 | component}, as the forward index file stores it: 4 bytes per entry, so a segment of a
 * million 130-token documents needs about 520 MB while it is built, and each document is one short
 * run of memory for the builder's scattered reads and writes. With more terms, components and
 * values are kept in two arrays (6 bytes per entry).
 */
public final class InMemoryForwardIndex {

  final int maxDoc;
  final int numTerms;
  final int[] offsets;

  /** {@code value << 16 | component} per entry with at most 65,536 terms, else null. */
  final int[] words;

  /** With more than 65,536 terms, the components and values; else null. */
  final int[] components;

  final short[] values;

  private InMemoryForwardIndex(int maxDoc, int numTerms, int[] offsets) {
    this.maxDoc = maxDoc;
    this.numTerms = numTerms;
    this.offsets = offsets;
    int numEntries = offsets[maxDoc];
    boolean packed = ForwardIndex.componentBytes(numTerms) == 2;
    this.words = packed ? new int[numEntries] : null;
    this.components = packed ? null : new int[numEntries];
    this.values = packed ? null : new short[numEntries];
  }

  /** An index with room for {@code offsets[maxDoc]} entries, all to be {@link #set}. */
  static InMemoryForwardIndex allocate(int maxDoc, int numTerms, int[] offsets) {
    return new InMemoryForwardIndex(maxDoc, numTerms, offsets);
  }

  /** Sets entry {@code e}; {@code value} is a stored (16-bit) value. */
  void set(int e, int component, int value) {
    if (words != null) {
      words[e] = value << 16 | component;
    } else {
      components[e] = component;
      values[e] = (short) value;
    }
  }

  /**
   * Writes these vectors as the field's forward index, which {@link ForwardIndex#read} reads back:
   * entries to {@code data}, the offset table's metadata to {@code meta}.
   */
  public void write(IndexOutput meta, IndexOutput data) throws IOException {
    int componentBytes = ForwardIndex.componentBytes(numTerms);
    meta.writeByte((byte) componentBytes);
    long entriesStart = data.getFilePointer();
    meta.writeLong(entriesStart);
    for (int d = 0; d < maxDoc; d++) {
      int from = offsets[d];
      int to = offsets[d + 1];
      if (componentBytes == 2) {
        for (int i = from; i < to; i++) {
          data.writeInt(words[i]); // the in-memory entry is the stored word
        }
      } else {
        for (int i = from; i < to; i++) {
          data.writeInt(components[i]);
        }
        for (int i = from; i < to; i++) {
          data.writeShort(values[i]);
        }
      }
    }
    long entriesLength = data.getFilePointer() - entriesStart;
    meta.writeLong(entriesLength);
    // A plain table: two reads per scored document, no decoding on the hottest path.
    long offsetsStart = data.getFilePointer();
    meta.writeLong(offsetsStart);
    for (int d = 0; d <= maxDoc; d++) {
      data.writeInt(offsets[d]);
    }
    meta.writeLong(data.getFilePointer() - offsetsStart);
  }

  public int maxDoc() {
    return maxDoc;
  }

  public int numTerms() {
    return numTerms;
  }

  /** Total number of (document, component) entries. */
  public long numEntries() {
    return offsets[maxDoc];
  }

  /** Number of components of {@code doc}. */
  public int length(int doc) {
    return offsets[doc + 1] - offsets[doc];
  }

  /** Documents with at least one component. */
  public int docsWithVector() {
    int n = 0;
    for (int d = 0; d < maxDoc; d++) {
      if (offsets[d + 1] > offsets[d]) {
        n++;
      }
    }
    return n;
  }

  /** The component (term ordinal) of entry {@code e}. */
  int component(int e) {
    return words != null ? words[e] & 0xFFFF : components[e];
  }

  /** The stored value of entry {@code e}, 0 to 65,535. */
  int value(int e) {
    return words != null ? words[e] >>> 16 : values[e] & 0xFFFF;
  }

  /** The weight of entry {@code e}. */
  float weight(int e) {
    return SeismicVectorField.decodeWeight(value(e));
  }
}
