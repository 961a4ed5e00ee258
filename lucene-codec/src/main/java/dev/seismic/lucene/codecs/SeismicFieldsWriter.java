package dev.seismic.lucene.codecs;

import dev.seismic.lucene.builder.BuildOutputs;
import dev.seismic.lucene.builder.BuildTimes;
import dev.seismic.lucene.builder.MergeSources;
import dev.seismic.lucene.builder.SeismicFieldBuilder;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.FieldMetadata;
import java.io.IOException;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.FieldsConsumer;
import org.apache.lucene.codecs.FieldsProducer;
import org.apache.lucene.codecs.NormsProducer;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.Fields;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;

/**
 * Writes the delegate's postings, then each field's Seismic structures. Merging uses {@link
 * FieldsConsumer}'s default, which feeds the merged postings of live documents to {@link #write}:
 * Seismic rebuilds from complete postings, so nothing pruned in a source segment is lost.
 */
final class SeismicFieldsWriter extends FieldsConsumer {

  private final SegmentWriteState state;
  private final FieldsConsumer delegate;
  private IndexOutput meta;
  private IndexOutput terms;
  private IndexOutput forward;
  private IndexOutput postings;
  private IndexOutput summaries;
  private IndexOutput graph;
  private boolean closed;
  private MergeState mergeState; // during a merge

  /** Sequential at flush; at merge, Lucene's intra-merge executor when the scheduler offers one. */
  private TaskExecutor executor = new TaskExecutor(Runnable::run);

  SeismicFieldsWriter(SegmentWriteState state, String delegateName, FieldsConsumer delegate)
      throws IOException {
    this.state = state;
    this.delegate = delegate;
    boolean success = false;
    try {
      meta = create(SeismicPostingsFormat.META_EXTENSION, SeismicPostingsFormat.META_CODEC);
      terms = create(SeismicPostingsFormat.TERMS_EXTENSION, SeismicPostingsFormat.TERMS_CODEC);
      forward =
          create(SeismicPostingsFormat.FORWARD_EXTENSION, SeismicPostingsFormat.FORWARD_CODEC);
      postings =
          create(SeismicPostingsFormat.POSTINGS_EXTENSION, SeismicPostingsFormat.POSTINGS_CODEC);
      summaries =
          create(SeismicPostingsFormat.SUMMARIES_EXTENSION, SeismicPostingsFormat.SUMMARIES_CODEC);
      graph = create(SeismicPostingsFormat.GRAPH_EXTENSION, SeismicPostingsFormat.GRAPH_CODEC);
      meta.writeString(delegateName);
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(meta, terms, forward, postings, summaries, graph);
      }
    }
  }

  private IndexOutput create(String extension, String codec) throws IOException {
    String name =
        IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, extension);
    IndexOutput out = state.directory.createOutput(name, state.context);
    boolean success = false;
    try {
      CodecUtil.writeIndexHeader(
          out,
          codec,
          SeismicPostingsFormat.VERSION_CURRENT,
          state.segmentInfo.getId(),
          state.segmentSuffix);
      success = true;
      return out;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(out);
      }
    }
  }

  @Override
  public void write(Fields fields, NormsProducer norms) throws IOException {
    delegate.write(fields, norms);
    for (String field : fields) {
      FieldInfo info = state.fieldInfos.fieldInfo(field);
      if (!isSeismicField(info)) {
        continue;
      }
      BuildTimes times = new BuildTimes();
      FieldMetadata metadata =
          SeismicFieldBuilder.build(
              info,
              fields.terms(field),
              state.segmentInfo.maxDoc(),
              mergeSources(field),
              new BuildOutputs(
                  state.directory,
                  state.segmentInfo.name,
                  state.context,
                  terms,
                  forward,
                  postings,
                  summaries,
                  graph),
              executor,
              times);
      metadata.write(meta);
      // Null in states built by hand (Lucene's postings format test suite builds such states).
      if (state.infoStream != null
          && state.infoStream.isEnabled(SeismicCodec.INFO_STREAM_COMPONENT)) {
        state.infoStream.message(
            SeismicCodec.INFO_STREAM_COMPONENT,
            "segment "
                + state.segmentInfo.name
                + " field \""
                + field
                + "\": "
                + metadata.stats()
                + "; "
                + times);
      }
    }
  }

  @Override
  public void merge(MergeState mergeState, NormsProducer norms) throws IOException {
    if (mergeState.intraMergeTaskExecutor != null) {
      executor = new TaskExecutor(mergeState.intraMergeTaskExecutor);
    }
    this.mergeState = mergeState;
    try {
      super.merge(mergeState, norms);
    } finally {
      this.mergeState = null;
    }
  }

  /**
   * At merge, the source segments' structures of {@code field}, from which the merged forward index
   * is streamed; null at flush, and when a source holds the field without Seismic structures or the
   * index is sorted (its merged documents do not follow the sources' order), where the forward
   * index is transposed from the merged postings on the heap instead.
   */
  private MergeSources mergeSources(String field) throws IOException {
    if (mergeState == null || mergeState.needsIndexSort) {
      return null;
    }
    int n = mergeState.fieldsProducers.length;
    FieldIndex[] indexes = new FieldIndex[n];
    for (int i = 0; i < n; i++) {
      FieldsProducer source = mergeState.fieldsProducers[i];
      Terms sourceTerms = source == null ? null : source.terms(field);
      if (sourceTerms instanceof SeismicTerms seismic) {
        indexes[i] = seismic.seismicIndex();
      } else if (sourceTerms != null) {
        return null;
      }
    }
    return new MergeSources(indexes, mergeState.docMaps, mergeState.maxDocs);
  }

  /**
   * Every field routed to this format that indexes frequencies carries Seismic structures; fields
   * indexing documents only have no weights to work with and get the delegate's postings alone.
   */
  static boolean isSeismicField(FieldInfo info) {
    return info.getIndexOptions().compareTo(IndexOptions.DOCS_AND_FREQS) >= 0;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    boolean success = false;
    try {
      FieldMetadata.writeEndOfFields(meta);
      IndexOutput[] data = {terms, forward, postings, summaries, graph};
      for (IndexOutput out : data) {
        CodecUtil.writeFooter(out);
      }
      // Record the data files' lengths so that a truncated file is caught when it is opened.
      for (IndexOutput out : data) {
        meta.writeLong(out.getFilePointer());
      }
      CodecUtil.writeFooter(meta);
      success = true;
    } finally {
      if (success) {
        IOUtils.close(delegate, meta, terms, forward, postings, summaries, graph);
      } else {
        IOUtils.closeWhileHandlingException(
            delegate, meta, terms, forward, postings, summaries, graph);
      }
    }
  }
}
