package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IntsRefBuilder;
import org.apache.lucene.util.fst.FST;
import org.apache.lucene.util.fst.FSTCompiler;
import org.apache.lucene.util.fst.OffHeapFSTStore;
import org.apache.lucene.util.fst.PositiveIntOutputs;
import org.apache.lucene.util.fst.Util;

/**
 * Maps a field's terms to the segment's own term ordinals (0, 1, ... in term order).
 *
 * <p>Lucene's block-tree terms dictionary does not expose ordinals, and Seismic's structures are
 * addressed by them, so each segment keeps its own FST from term bytes to ordinal. It is read off
 * heap; a lookup walks a few hundred bytes of the mapped file.
 */
public final class TermDictionary {

  private static final PositiveIntOutputs OUTPUTS = PositiveIntOutputs.getSingleton();

  private final FST<Long> fst;
  private final int size;

  private TermDictionary(FST<Long> fst, int size) {
    this.fst = fst;
    this.size = size;
  }

  /** The number of terms. */
  public int size() {
    return size;
  }

  /** The ordinal of {@code term}, or -1 when the segment does not hold it. */
  public int ordinal(BytesRef term) throws IOException {
    if (fst == null) {
      return -1;
    }
    Long ord = Util.get(fst, term);
    return ord == null ? -1 : ord.intValue();
  }

  /** Heap used by this dictionary (the FST's metadata; its arcs stay on disk). */
  public long ramBytesUsed() {
    return fst == null ? 0 : fst.ramBytesUsed();
  }

  /**
   * Reads a dictionary written by {@link Writer}: metadata from {@code meta}, arcs from {@code
   * data} at the offset recorded in the metadata.
   */
  public static TermDictionary read(IndexInput meta, IndexInput data) throws IOException {
    int size = meta.readVInt();
    if (size == 0) {
      return new TermDictionary(null, 0);
    }
    long offset = meta.readVLong();
    FST.FSTMetadata<Long> metadata = FST.readMetadata(meta, OUTPUTS);
    return new TermDictionary(
        FST.fromFSTReader(metadata, new OffHeapFSTStore(data, offset, metadata)), size);
  }

  /** Streams terms in sorted order into an FST written straight to the data file. */
  public static final class Writer {
    private final IndexOutput data;
    private final long offset;
    private final FSTCompiler<Long> compiler;
    private final IntsRefBuilder scratch = new IntsRefBuilder();
    private int size;

    public Writer(IndexOutput data) throws IOException {
      this.data = data;
      this.offset = data.getFilePointer();
      this.compiler =
          new FSTCompiler.Builder<>(FST.INPUT_TYPE.BYTE1, OUTPUTS).dataOutput(data).build();
    }

    /** Terms added so far. */
    public int size() {
      return size;
    }

    /** Adds the next term, which must sort after the previous one; returns its ordinal. */
    public int add(BytesRef term) throws IOException {
      compiler.add(Util.toIntsRef(term, scratch), (long) size);
      return size++;
    }

    /** Finishes the FST and records what {@link #read} needs in {@code meta}. */
    public void finish(DataOutput meta) throws IOException {
      meta.writeVInt(size);
      if (size == 0) {
        return;
      }
      FST.FSTMetadata<Long> metadata = compiler.compile();
      meta.writeVLong(offset);
      metadata.save(meta);
      assert data.getFilePointer() >= offset;
    }
  }
}
