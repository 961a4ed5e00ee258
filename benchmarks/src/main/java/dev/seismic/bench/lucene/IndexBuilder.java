package dev.seismic.bench.lucene;

import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.data.VectorStream;
import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.InfoStream;

/**
 * Indexes a {@link VectorSet} (or a {@link VectorStream}, one vector at a time) into one Seismic
 * field (or, for the baseline, one plain {@link FeatureField} per token), single-threaded, and
 * leaves it in the segments a {@link SegmentLayout} asks for (by default merged to one segment).
 *
 * <p>Each document also gets its position in the set as a numeric doc value ({@link #ORD_FIELD}),
 * so results map back to the data (and to the ground truth) whatever order merging leaves the
 * documents in. Compound files are off so that the size of each index file type is visible.
 */
public final class IndexBuilder {

  /** The field the vectors are indexed in. */
  public static final String VECTOR_FIELD = "vector";

  /** Doc values field holding each document's position in the {@link VectorSet}. */
  public static final String ORD_FIELD = "ord";

  /** Stored field holding each document's id from the data, when ids are stored. */
  public static final String ID_FIELD = "id";

  /** What is indexed for each vector. */
  public enum Kind {
    /** One {@link SeismicVectorField}, with the {@link SeismicCodec}. */
    SEISMIC,
    /**
     * One {@link FeatureField} per token with the delegate codec alone: what a user would index for
     * Lucene's exact search without this project (the baseline of size and build time).
     */
    FEATURE_FIELD
  }

  /**
   * How long each phase took.
   *
   * @param addNanos adding documents (includes the flushes triggered by the RAM buffer, or those of
   *     a {@code segments:N} layout, and, for the {@code natural} layout, the merges that ran
   *     meanwhile)
   * @param commitNanos the final flush and commit
   * @param segmentsBeforeMerge segments after that commit
   * @param mergeNanos the layout's last step and its commit: {@code forceMerge(1)} ({@code
   *     merged}), waiting for the merge policy's merges ({@code natural}), 0 ({@code segments:N})
   * @param segments segments of the finished index
   * @param seismicLog what each Seismic flush and merge reported of its phases (the codec's {@code
   *     InfoStream} messages), in the order they came
   * @param peakHeapBytes the most heap left reachable after a garbage collection during the build
   *     ({@link PeakHeap}), including whatever the caller held before it started
   */
  public record Timing(
      long addNanos,
      long commitNanos,
      int segmentsBeforeMerge,
      long mergeNanos,
      int segments,
      List<String> seismicLog,
      long peakHeapBytes) {}

  private final Codec delegate;
  private final BuildParams params;
  private final double ramBufferMb;
  private Kind kind = Kind.SEISMIC;
  private boolean storeIds;
  private SegmentLayout layout = SegmentLayout.MERGED;

  /**
   * @param delegate the codec that handles everything but the Seismic field, usually {@link
   *     Codec#getDefault()}
   * @param ramBufferMb the indexing buffer; large values give few flushed segments (unused by a
   *     {@code segments:N} layout, which flushes at fixed document counts)
   */
  public IndexBuilder(Codec delegate, BuildParams params, double ramBufferMb) {
    this.delegate = delegate;
    this.params = params;
    this.ramBufferMb = ramBufferMb;
  }

  /** Indexes plain {@link FeatureField}s instead (the build parameters are then unused). */
  public IndexBuilder kind(Kind kind) {
    this.kind = kind;
    return this;
  }

  /** Also stores each vector's id ({@link #ID_FIELD}), so that searches can report it. */
  public IndexBuilder storeIds(boolean store) {
    this.storeIds = store;
    return this;
  }

  /** How the finished index is left in segments (default {@link SegmentLayout#MERGED}). */
  public IndexBuilder layout(SegmentLayout layout) {
    this.layout = layout;
    return this;
  }

  /** Builds the index in an empty directory; {@code progress} receives the documents added. */
  public Timing build(Directory dir, VectorSet docs, IntConsumer progress) throws IOException {
    return build(dir, VectorStream.of(docs), progress);
  }

  /**
   * Builds the index in an empty directory from vectors handed over one at a time (none is kept
   * after it is added); {@code progress} receives the documents added.
   */
  public Timing build(Directory dir, VectorStream docs, IntConsumer progress) throws IOException {
    // Counting costs a pass over a file: only a segments:N layout needs the count beforehand.
    long numDocs = layout.mode() == SegmentLayout.Mode.SEGMENTS ? docs.size() : docs.sizeIfKnown();
    if (numDocs > IndexWriter.MAX_DOCS) {
      throw new IllegalArgumentException(
          numDocs + " documents: a Lucene index holds at most " + IndexWriter.MAX_DOCS);
    }
    if (layout.mode() == SegmentLayout.Mode.SEGMENTS && layout.segments() > numDocs) {
      throw new IllegalArgumentException(
          "--layout " + layout + ": more segments than the " + numDocs + " documents");
    }
    IndexWriterConfig config = new IndexWriterConfig();
    config.setCodec(kind == Kind.SEISMIC ? new SeismicCodec(delegate, VECTOR_FIELD) : delegate);
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setUseCompoundFile(false);
    if (layout.mode() == SegmentLayout.Mode.SEGMENTS) {
      // Flushes only where this builder asks for them: no RAM trigger, a document count trigger
      // that is never reached, no merges.
      long largest = (numDocs + layout.segments() - 1) / layout.segments();
      config.setMaxBufferedDocs((int) Math.max(2, largest + 1));
      config.setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH);
      config.setMergePolicy(NoMergePolicy.INSTANCE);
    } else {
      config.setRAMBufferSizeMB(ramBufferMb);
      TieredMergePolicy mergePolicy = new TieredMergePolicy();
      mergePolicy.setNoCFSRatio(0.0);
      config.setMergePolicy(mergePolicy);
    }
    List<String> seismicLog = Collections.synchronizedList(new ArrayList<>());
    config.setInfoStream(new SeismicLog(seismicLog));

    FieldType type = SeismicVectorField.fieldType(params);
    long start = System.nanoTime();
    try (PeakHeap heap = PeakHeap.start();
        IndexWriter writer = new IndexWriter(dir, config)) {
      Document doc = new Document();
      NumericDocValuesField ord = new NumericDocValuesField(ORD_FIELD, 0);
      int[] added = {0};
      int[] segment = {0};
      docs.forEach(
          (id, tokens, weights) -> {
            int i = added[0];
            if (i == IndexWriter.MAX_DOCS) {
              throw new IllegalArgumentException(
                  "more documents than a Lucene index holds (" + IndexWriter.MAX_DOCS + ")");
            }
            doc.clear();
            SparseVector v = SparseVector.of(VECTOR_FIELD, tokens, weights);
            if (kind == Kind.SEISMIC) {
              doc.add(new SeismicVectorField(VECTOR_FIELD, v, type));
            } else {
              for (int t = 0; t < v.size(); t++) {
                doc.add(new FeatureField(VECTOR_FIELD, v.token(t), v.weight(t)));
              }
            }
            ord.setLongValue(i);
            doc.add(ord);
            if (storeIds) {
              doc.add(new StoredField(ID_FIELD, id));
            }
            writer.addDocument(doc);
            added[0] = i + 1;
            if (layout.mode() == SegmentLayout.Mode.SEGMENTS
                && segment[0] < layout.segments() - 1
                && added[0] == layout.segmentEnd(segment[0], numDocs)) {
              writer.flush();
              segment[0]++;
            }
            progress.accept(added[0]);
          });
      if (numDocs >= 0 && added[0] != numDocs) {
        throw new IllegalStateException(
            "the data produced " + added[0] + " documents, expected " + numDocs);
      }
      long addEnd = System.nanoTime();
      writer.commit();
      long committed = System.nanoTime();
      int segmentsAfterFlush = SegmentInfos.readLatestCommit(dir).size();
      switch (layout.mode()) {
        case MERGED -> {
          writer.forceMerge(1);
          writer.commit();
        }
        case NATURAL -> writer.close(); // waits for running merges, then commits
        case SEGMENTS -> {}
      }
      long finished = System.nanoTime();
      writer.close();
      int segments = SegmentInfos.readLatestCommit(dir).size();
      if (layout.mode() == SegmentLayout.Mode.SEGMENTS && segments != layout.segments()) {
        throw new IllegalStateException(
            "--layout "
                + layout
                + " left "
                + segments
                + " segments: IndexWriter flushed on its own (its per-thread RAM limit?)");
      }
      return new Timing(
          addEnd - start,
          committed - addEnd,
          segmentsAfterFlush,
          layout.mode() == SegmentLayout.Mode.SEGMENTS ? 0 : finished - committed,
          segments,
          List.copyOf(seismicLog),
          heap.peakAfterGc());
    }
  }

  /** Keeps the Seismic codec's messages (its per-field build split) and nothing else. */
  private static final class SeismicLog extends InfoStream {
    private final List<String> lines;

    SeismicLog(List<String> lines) {
      this.lines = lines;
    }

    @Override
    public boolean isEnabled(String component) {
      return SeismicCodec.INFO_STREAM_COMPONENT.equals(component);
    }

    @Override
    public void message(String component, String message) {
      if (isEnabled(component)) {
        lines.add(message);
      }
    }

    @Override
    public void close() {}
  }
}
