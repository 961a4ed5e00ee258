package dev.seismic.lucene.builder;

import dev.seismic.lucene.index.FieldMetadata;
import dev.seismic.lucene.index.ForwardIndex;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;

/**
 * Writes a field's forward index one document at a time, in document order, to two temporary files
 * of the segment's directory (the entries, and the offset table), then reads them back as a {@link
 * ForwardIndex}, memory-mapped where the directory maps files, for the rest of the build, and
 * copies them into the segment's forward-index file.
 *
 * <p>So the build reads documents from the page cache rather than from the heap, and its heap does
 * not grow with the segment, as Lucene's HNSW merge does with vectors. The files are laid out as
 * the forward-index file lays them out, so the same reader serves both, and the copy is a byte
 * copy.
 */
public final class ForwardIndexWriter implements Closeable {

  private final Directory directory;
  private final int maxDoc;
  private final int componentBytes;
  private IndexOutput entries;
  private IndexOutput offsets;
  private IndexInput entriesIn;
  private IndexInput offsetsIn;
  private int numDocs; // documents added so far
  private long numEntries;
  private int docsWithVector;
  private boolean closed;

  /**
   * @param prefix the temporary files' name prefix (the segment's name)
   * @param numTerms the field's vocabulary in this segment, which decides the entries' layout
   */
  public ForwardIndexWriter(
      Directory directory, String prefix, IOContext context, int maxDoc, int numTerms)
      throws IOException {
    this.directory = directory;
    this.maxDoc = maxDoc;
    this.componentBytes = ForwardIndex.componentBytes(numTerms);
    boolean success = false;
    try {
      entries = directory.createTempOutput(prefix, "seismic_fwd", context);
      offsets = directory.createTempOutput(prefix, "seismic_fwo", context);
      offsets.writeLong(0);
      success = true;
    } finally {
      if (!success) {
        close();
      }
    }
  }

  /**
   * Adds the next document's vector: {@code n} components (term ordinals, ascending) with their
   * stored values (16 bits).
   */
  public void add(int[] components, int[] values, int n) throws IOException {
    if (numDocs == maxDoc) {
      throw new IllegalStateException("more than maxDoc=" + maxDoc + " documents");
    }
    if (componentBytes == 2) {
      for (int i = 0; i < n; i++) {
        entries.writeInt(values[i] << 16 | components[i]);
      }
    } else {
      for (int i = 0; i < n; i++) {
        entries.writeInt(components[i]);
      }
      for (int i = 0; i < n; i++) {
        entries.writeShort((short) values[i]);
      }
    }
    numEntries += n;
    docsWithVector += n > 0 ? 1 : 0;
    offsets.writeLong(numEntries);
    numDocs++;
  }

  /** Ends the writing; returns a reader of what was written, valid until {@link #close}. */
  public ForwardIndex finish() throws IOException {
    if (numDocs != maxDoc) {
      throw new IllegalStateException(numDocs + " documents added, maxDoc=" + maxDoc);
    }
    String entriesName = entries.getName();
    String offsetsName = offsets.getName();
    IOUtils.close(entries, offsets);
    entriesIn = directory.openInput(entriesName, IOContext.DEFAULT);
    offsetsIn = directory.openInput(offsetsName, IOContext.DEFAULT);
    return ForwardIndex.of(maxDoc, componentBytes, entriesIn, offsetsIn);
  }

  /**
   * Copies the finished forward index into the segment's file {@code data}; returns where it lies
   * there, for the field's metadata, from which {@link ForwardIndex#open} opens it.
   */
  public FieldMetadata.ForwardMeta copyTo(IndexOutput data) throws IOException {
    long entriesStart = data.getFilePointer();
    data.copyBytes(entriesIn.clone(), entriesIn.length());
    long offsetsStart = data.getFilePointer();
    data.copyBytes(offsetsIn.clone(), offsetsIn.length());
    return new FieldMetadata.ForwardMeta(
        componentBytes, entriesStart, entriesIn.length(), offsetsStart, offsetsIn.length());
  }

  public long numEntries() {
    return numEntries;
  }

  public int docsWithVector() {
    return docsWithVector;
  }

  /** Closes and deletes the temporary files ({@link TempFiles#closeAndDelete}). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    List<String> names = new ArrayList<>(2);
    for (IndexOutput out : new IndexOutput[] {entries, offsets}) {
      if (out != null) {
        names.add(out.getName());
      }
    }
    TempFiles.closeAndDelete(directory, names, entries, offsets, entriesIn, offsetsIn);
  }
}
