package dev.seismic.bench.lucene;

import dev.seismic.bench.data.VectorSet;
import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import java.io.IOException;
import java.util.function.IntConsumer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;

/**
 * Indexes a {@link VectorSet} into one Seismic field, single-threaded, then merges to one segment.
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

  /**
   * How long each phase took.
   *
   * @param addNanos adding documents (includes flushes triggered by the RAM buffer)
   * @param commitNanos the final flush and commit
   * @param segmentsBeforeMerge segments after that commit
   * @param mergeNanos {@code forceMerge(1)} and its commit
   */
  public record Timing(long addNanos, long commitNanos, int segmentsBeforeMerge, long mergeNanos) {}

  private final Codec delegate;
  private final BuildParams params;
  private final double ramBufferMb;

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

  /** Builds the index in an empty directory; {@code progress} receives the documents added. */
  public Timing build(Directory dir, VectorSet docs, IntConsumer progress) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig();
    config.setCodec(new SeismicCodec(delegate, VECTOR_FIELD));
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setRAMBufferSizeMB(ramBufferMb);
    config.setUseCompoundFile(false);
    TieredMergePolicy mergePolicy = new TieredMergePolicy();
    mergePolicy.setNoCFSRatio(0.0);
    config.setMergePolicy(mergePolicy);

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
        doc.add(new SeismicVectorField(VECTOR_FIELD, v, type));
        ord.setLongValue(i);
        doc.add(ord);
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
      return new Timing(added - start, committed - added, segments, merged - committed);
    }
  }
}
