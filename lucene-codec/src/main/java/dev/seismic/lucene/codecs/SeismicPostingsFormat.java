package dev.seismic.lucene.codecs;

import java.io.IOException;
import org.apache.lucene.codecs.FieldsConsumer;
import org.apache.lucene.codecs.FieldsProducer;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104PostingsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.util.IOUtils;

/**
 * The Seismic postings format: terms and postings go to a delegate format (Lucene's current one by
 * default), and every field with frequencies also gets a forward index and a Seismic inverted index
 * (pruned, blocked postings with quantized summaries), built at flush and rebuilt at merge. The
 * files and their grammar are described in the {@linkplain dev.seismic.lucene.codecs package
 * documentation}.
 *
 * <p>Registered by SPI as {@value #NAME}; route fields to it with {@link SeismicCodec}.
 *
 * @lucene.experimental
 */
public final class SeismicPostingsFormat extends PostingsFormat {

  /** The SPI name, versioned: a new incompatible format gets a new name. */
  public static final String NAME = "Seismic10";

  static final String META_CODEC = "SeismicMeta";
  static final String TERMS_CODEC = "SeismicTerms";
  static final String FORWARD_CODEC = "SeismicForward";
  static final String POSTINGS_CODEC = "SeismicPostings";
  static final String SUMMARIES_CODEC = "SeismicSummaries";
  static final String GRAPH_CODEC = "SeismicKnnGraph";

  /** Meta file: parameters, statistics and the small tables needed to read the other files. */
  public static final String META_EXTENSION = "smt";

  /** Term dictionary: term bytes to segment term ordinal (an FST). */
  public static final String TERMS_EXTENSION = "str";

  /** Forward index: each document's components and values. */
  public static final String FORWARD_EXTENSION = "sfi";

  /** Pruned posting lists in blocks. */
  public static final String POSTINGS_EXTENSION = "spl";

  /** Quantized block summaries. */
  public static final String SUMMARIES_EXTENSION = "ssm";

  /** κ-NN graphs: each document's nearest neighbours in its segment (empty without a graph). */
  public static final String GRAPH_EXTENSION = "skg";

  /** The first version: the term dictionary was an FST. No longer read. */
  static final int VERSION_FST_TERMS = 0;

  /** The term dictionary is a hash table of term ordinals. No longer read. */
  static final int VERSION_HASHED_TERMS = 1;

  /**
   * The forward index's offsets are 64 bits, lifting the 2^31 entries cap of a segment. No longer
   * read.
   */
  static final int VERSION_LONG_OFFSETS = 2;

  /**
   * The term dictionary's slots are 16 bytes and hold terms of up to seven bytes, so that most
   * lookups read one cache line. No longer read.
   */
  static final int VERSION_INLINE_TERMS = 3;

  /** A field may have a κ-NN graph, in a sixth file; Params record its κ (NKnn). */
  static final int VERSION_KNN_GRAPH = 4;

  static final int VERSION_START = VERSION_KNN_GRAPH;
  static final int VERSION_CURRENT = VERSION_KNN_GRAPH;

  private final PostingsFormat delegate;

  /** Uses {@link Lucene104PostingsFormat} for terms and postings. */
  public SeismicPostingsFormat() {
    this(new Lucene104PostingsFormat());
  }

  /**
   * Uses {@code delegate} for terms and postings when writing. Its name is recorded, and reading
   * looks it up by SPI, so it must be registered.
   */
  public SeismicPostingsFormat(PostingsFormat delegate) {
    super(NAME);
    this.delegate = delegate;
  }

  @Override
  public FieldsConsumer fieldsConsumer(SegmentWriteState state) throws IOException {
    FieldsConsumer delegateConsumer = delegate.fieldsConsumer(state);
    boolean success = false;
    try {
      FieldsConsumer consumer =
          new SeismicFieldsWriter(state, delegate.getName(), delegateConsumer);
      success = true;
      return consumer;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(delegateConsumer);
      }
    }
  }

  @Override
  public FieldsProducer fieldsProducer(SegmentReadState state) throws IOException {
    return new SeismicFieldsReader(state);
  }

  @Override
  public String toString() {
    return NAME + "(delegate=" + delegate.getName() + ")";
  }
}
