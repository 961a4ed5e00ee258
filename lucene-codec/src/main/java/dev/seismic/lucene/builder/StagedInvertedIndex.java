package dev.seismic.lucene.builder;

import dev.seismic.lucene.index.FieldMetadata;
import dev.seismic.lucene.index.InvertedIndex;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;

/**
 * An inverted index written to temporary files first, so that it can be searched before the
 * segment's files are complete (the κ-NN graph's build searches it), then copied into the segment's
 * postings and summaries files. Its lists' offsets are relative to where the lists start, so moving
 * them only moves the starts in the metadata ({@link FieldMetadata.InvertedMeta#movedBy}).
 */
final class StagedInvertedIndex implements Closeable {
  private final Directory directory;
  private final IndexOutput postings;
  private final IndexOutput summaries;
  private IndexInput postingsIn;
  private IndexInput summariesIn;
  private boolean closed;

  StagedInvertedIndex(Directory directory, String prefix, IOContext context) throws IOException {
    this.directory = directory;
    IndexOutput p = null;
    boolean success = false;
    try {
      p = directory.createTempOutput(prefix, "seismic_spl", context);
      this.postings = p;
      this.summaries = directory.createTempOutput(prefix, "seismic_ssm", context);
      success = true;
    } finally {
      if (!success && p != null) {
        IOUtils.closeWhileHandlingException(p);
        IOUtils.deleteFilesIgnoringExceptions(directory, p.getName());
      }
    }
  }

  IndexOutput postings() {
    return postings;
  }

  IndexOutput summaries() {
    return summaries;
  }

  /** Ends the writing; returns a reader of the lists {@code meta} describes, valid until close. */
  InvertedIndex finish(int numTerms, int maxDoc, FieldMetadata.InvertedMeta meta)
      throws IOException {
    IOUtils.close(postings, summaries);
    postingsIn = directory.openInput(postings.getName(), IOContext.DEFAULT);
    summariesIn = directory.openInput(summaries.getName(), IOContext.DEFAULT);
    return InvertedIndex.open(numTerms, maxDoc, meta, postingsIn, summariesIn);
  }

  /**
   * Copies the finished lists to the segment's files; returns {@code meta} moved to where they lie
   * there.
   */
  FieldMetadata.InvertedMeta copyTo(
      IndexOutput postingsOut, IndexOutput summariesOut, FieldMetadata.InvertedMeta meta)
      throws IOException {
    long postingsDelta = postingsOut.getFilePointer();
    postingsOut.copyBytes(postingsIn.clone(), postingsIn.length());
    long summariesDelta = summariesOut.getFilePointer();
    summariesOut.copyBytes(summariesIn.clone(), summariesIn.length());
    return meta.movedBy(postingsDelta, summariesDelta);
  }

  /** Closes and deletes the temporary files ({@link TempFiles#closeAndDelete}). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    TempFiles.closeAndDelete(
        directory,
        List.of(postings.getName(), summaries.getName()),
        postings,
        summaries,
        postingsIn,
        summariesIn);
  }
}
