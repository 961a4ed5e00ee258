package dev.seismic.lucene.codecs;

import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.FieldMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.FieldsProducer;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.IOUtils;

/**
 * Opens the delegate's postings and our files. The meta file is small and verified in full; the
 * data files get their header and footer structure checked and their length compared with the meta
 * file's record (which catches truncation cheaply), and are verified byte by byte in {@link
 * #checkIntegrity()}.
 */
final class SeismicFieldsReader extends FieldsProducer {

  private final FieldsProducer delegate;
  private final Map<String, FieldIndex> fields = new HashMap<>();
  private final List<IndexInput> data = new ArrayList<>();

  SeismicFieldsReader(SegmentReadState state) throws IOException {
    IndexInput termsIn = null;
    IndexInput forwardIn = null;
    IndexInput postingsIn = null;
    IndexInput summariesIn = null;
    IndexInput graphIn = null;
    FieldsProducer delegateProducer = null;
    boolean success = false;
    try {
      termsIn =
          open(state, SeismicPostingsFormat.TERMS_EXTENSION, SeismicPostingsFormat.TERMS_CODEC);
      forwardIn =
          open(state, SeismicPostingsFormat.FORWARD_EXTENSION, SeismicPostingsFormat.FORWARD_CODEC);
      postingsIn =
          open(
              state,
              SeismicPostingsFormat.POSTINGS_EXTENSION,
              SeismicPostingsFormat.POSTINGS_CODEC);
      summariesIn =
          open(
              state,
              SeismicPostingsFormat.SUMMARIES_EXTENSION,
              SeismicPostingsFormat.SUMMARIES_CODEC);
      graphIn =
          open(state, SeismicPostingsFormat.GRAPH_EXTENSION, SeismicPostingsFormat.GRAPH_CODEC);
      data.addAll(List.of(termsIn, forwardIn, postingsIn, summariesIn, graphIn));
      String metaName =
          IndexFileNames.segmentFileName(
              state.segmentInfo.name, state.segmentSuffix, SeismicPostingsFormat.META_EXTENSION);
      checkDataLengths(state, metaName);
      String delegateName = null;
      long[] lengths = new long[data.size()];
      try (ChecksumIndexInput meta = state.directory.openChecksumInput(metaName)) {
        Throwable failure = null;
        try {
          CodecUtil.checkIndexHeader(
              meta,
              SeismicPostingsFormat.META_CODEC,
              SeismicPostingsFormat.VERSION_START,
              SeismicPostingsFormat.VERSION_CURRENT,
              state.segmentInfo.getId(),
              state.segmentSuffix);
          delegateName = meta.readString();
          int maxDoc = state.segmentInfo.maxDoc();
          FieldMetadata field;
          while ((field = FieldMetadata.read(meta, state.fieldInfos, maxDoc)) != null) {
            String name = state.fieldInfos.fieldInfo(field.fieldNumber()).name;
            fields.put(
                name,
                FieldIndex.open(
                    name, maxDoc, field, termsIn, forwardIn, postingsIn, summariesIn, graphIn));
          }
          for (int i = 0; i < lengths.length; i++) {
            lengths[i] = meta.readLong();
          }
        } catch (Throwable t) {
          failure = t;
        } finally {
          CodecUtil.checkFooter(meta, failure);
        }
      }
      for (int i = 0; i < lengths.length; i++) {
        CodecUtil.retrieveChecksum(data.get(i), lengths[i]);
      }
      delegateProducer = PostingsFormat.forName(delegateName).fieldsProducer(state);
      this.delegate = delegateProducer;
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(
            delegateProducer, termsIn, forwardIn, postingsIn, summariesIn, graphIn);
      }
    }
  }

  /**
   * Compares the data files' lengths with those the meta file records at its end, before anything
   * is sliced from them: a truncated file must surface as a {@link CorruptIndexException}, not as
   * an out-of-bounds slice. (The meta file's own checksum is verified when it is parsed.)
   */
  private void checkDataLengths(SegmentReadState state, String metaName) throws IOException {
    try (IndexInput meta = state.directory.openInput(metaName, IOContext.READONCE)) {
      long lengthsAt = meta.length() - CodecUtil.footerLength() - 8L * data.size();
      if (lengthsAt < 0) {
        throw new CorruptIndexException("meta file too short: " + meta.length() + " bytes", meta);
      }
      meta.seek(lengthsAt);
      for (IndexInput in : data) {
        long expected = meta.readLong();
        if (in.length() != expected) {
          throw new CorruptIndexException(
              "file has " + in.length() + " bytes, the meta file recorded " + expected, in);
        }
      }
    }
  }

  private static IndexInput open(SegmentReadState state, String extension, String codec)
      throws IOException {
    String name =
        IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, extension);
    IndexInput in = state.directory.openInput(name, state.context);
    boolean success = false;
    try {
      CodecUtil.checkIndexHeader(
          in,
          codec,
          SeismicPostingsFormat.VERSION_START,
          SeismicPostingsFormat.VERSION_CURRENT,
          state.segmentInfo.getId(),
          state.segmentSuffix);
      success = true;
      return in;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(in);
      }
    }
  }

  @Override
  public Iterator<String> iterator() {
    return delegate.iterator();
  }

  @Override
  public Terms terms(String field) throws IOException {
    Terms terms = delegate.terms(field);
    FieldIndex index = fields.get(field);
    if (terms == null || index == null) {
      return terms;
    }
    return new SeismicTerms(terms, index);
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public void checkIntegrity() throws IOException {
    delegate.checkIntegrity();
    for (IndexInput in : data) {
      CodecUtil.checksumEntireFile(in);
    }
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(delegate, () -> IOUtils.close(data), () -> IOUtils.close(fields.values()));
  }

  @Override
  public String toString() {
    return "SeismicFieldsReader(fields=" + fields.keySet() + ", delegate=" + delegate + ")";
  }
}
