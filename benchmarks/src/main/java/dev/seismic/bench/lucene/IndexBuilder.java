package dev.seismic.bench.lucene;

import dev.seismic.bench.data.VectorSet;
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
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.InfoStream;

/**
 * Indexes a {@link VectorSet} into one Seismic field (or, for the baseline, one plain {@link
 * FeatureField} per token), single-threaded, then merges to one segment.
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
   * @param addNanos adding documents (includes flushes triggered by the RAM buffer)
   * @param commitNanos the final flush and commit
   * @param segmentsBeforeMerge segments after that commit
   * @param mergeNanos {@code forceMerge(1)} and its commit
   * @param seismicLog what each Seismic flush and merge reported of its phases (the codec's {@code
   *     InfoStream} messages), in the order they came
   */
  public record Timing(
      long addNanos,
      long commitNanos,
      int segmentsBeforeMerge,
      long mergeNanos,
      List<String> seismicLog) {}

  private final Codec delegate;
  private final BuildParams params;
  private final double ramBufferMb;
  private Kind kind = Kind.SEISMIC;
  private boolean storeIds;

  /**
   * @param delegate the codec that handles everything but the Seismic field, usually {@link
   *     Codec#getDefault()}
   * @param ramBufferMb the indexing buffer; large values give few flushed segments
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

  /** Builds the index in an empty directory; {@code progress} receives the documents added. */
  public Timing build(Directory dir, VectorSet docs, IntConsumer progress) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig();
    config.setCodec(kind == Kind.SEISMIC ? new SeismicCodec(delegate, VECTOR_FIELD) : delegate);
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setRAMBufferSizeMB(ramBufferMb);
    config.setUseCompoundFile(false);
    TieredMergePolicy mergePolicy = new TieredMergePolicy();
    mergePolicy.setNoCFSRatio(0.0);
    config.setMergePolicy(mergePolicy);
    List<String> seismicLog = Collections.synchronizedList(new ArrayList<>());
    config.setInfoStream(new SeismicLog(seismicLog));

    FieldType type = SeismicVectorField.fieldType(params);
    long start = System.nanoTime();
    long added;
    long committed;
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      Document doc = new Document();
      NumericDocValuesField ord = new NumericDocValuesField(ORD_FIELD, 0);
      for (int i = 0; i < docs.size(); i++) {
        doc.clear();
        SparseVector v = SparseVector.of(VECTOR_FIELD, docs.tokens(i), docs.weights(i));
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
          doc.add(new StoredField(ID_FIELD, docs.id(i)));
        }
        writer.addDocument(doc);
        progress.accept(i + 1);
      }
      added = System.nanoTime();
      writer.commit();
      committed = System.nanoTime();
      int segments = SegmentInfos.readLatestCommit(dir).size();
      writer.forceMerge(1);
      writer.commit();
      long merged = System.nanoTime();
      return new Timing(
          added - start, committed - added, segments, merged - committed, List.copyOf(seismicLog));
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
