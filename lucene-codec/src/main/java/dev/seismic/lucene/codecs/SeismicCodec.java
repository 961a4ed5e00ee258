package dev.seismic.lucene.codecs;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.perfield.PerFieldPostingsFormat;

/**
 * Wraps any codec so that the named Seismic fields use {@link SeismicPostingsFormat} and every
 * other field keeps the wrapped codec's own choice.
 *
 * <p>The wrapper keeps its delegate's <em>name</em>: segments record the stock codec, and the
 * Seismic fields' format is found by its SPI name when the index is opened, so any Lucene
 * application can read the index without this class (but with this jar on its class path). A
 * wrapper with a new name would have to be registered by SPI, with a no-argument constructor that
 * could not know the user's delegate or fields.
 *
 * <pre class="prettyprint">
 * IndexWriterConfig config = new IndexWriterConfig()
 *     .setCodec(new SeismicCodec(Codec.getDefault(), "vector"));
 * </pre>
 *
 * <p>Lucene's per-field routing sees field names only (not field types), hence the names here. The
 * delegate must use a {@link PerFieldPostingsFormat} (Lucene's default codec does, and so do the
 * Elasticsearch and OpenSearch codecs): a segment records the delegate's name, and only a per-field
 * format reads each field back with the format that wrote it.
 */
public final class SeismicCodec extends FilterCodec {

  /**
   * The {@code InfoStream} component under which each Seismic field's flush or merge reports its
   * statistics and where its time went, phase by phase (set {@code IndexWriterConfig.setInfoStream}
   * to see it).
   */
  public static final String INFO_STREAM_COMPONENT = "SEISMIC";

  private final Predicate<String> isSeismicField;
  private final PostingsFormat seismic;
  private final PostingsFormat postingsFormat =
      new PerFieldPostingsFormat() {
        @Override
        public PostingsFormat getPostingsFormatForField(String field) {
          return isSeismicField.test(field) ? seismic : delegateFormat(field);
        }
      };

  /** Routes the given fields to the Seismic format. */
  public SeismicCodec(Codec delegate, String... seismicFields) {
    this(delegate, Set.of(seismicFields)::contains);
  }

  /** Routes the fields accepted by {@code isSeismicField} to the Seismic format. */
  public SeismicCodec(Codec delegate, Predicate<String> isSeismicField) {
    this(delegate, isSeismicField, new SeismicPostingsFormat());
  }

  /** Expert: routes fields to a given Seismic format instance. */
  public SeismicCodec(
      Codec delegate, Predicate<String> isSeismicField, PostingsFormat seismicFormat) {
    super(delegate.getName(), delegate);
    // Segments record the delegate's name, so a reader opens them with the delegate's own
    // postings format; only a per-field format follows the per-field choices made here.
    if (delegate.postingsFormat() instanceof PerFieldPostingsFormat == false) {
      throw new IllegalArgumentException(
          "codec \""
              + delegate.getName()
              + "\" cannot carry Seismic fields: its postings format ("
              + delegate.postingsFormat().getName()
              + ") is not a PerFieldPostingsFormat, so segments written through it could not be"
              + " read back");
    }
    this.isSeismicField = Objects.requireNonNull(isSeismicField);
    this.seismic = Objects.requireNonNull(seismicFormat);
  }

  private PostingsFormat delegateFormat(String field) {
    PostingsFormat format = delegate.postingsFormat();
    // Nesting one per-field format in another would record the inner choice under the outer's
    // attributes; ask the delegate for its own per-field choice instead.
    return format instanceof PerFieldPostingsFormat perField
        ? perField.getPostingsFormatForField(field)
        : format;
  }

  @Override
  public PostingsFormat postingsFormat() {
    return postingsFormat;
  }
}
