package dev.seismic.opensearch.codec;

import java.util.Set;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.CompoundFormat;
import org.apache.lucene.codecs.DocValuesFormat;
import org.apache.lucene.codecs.FieldInfosFormat;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.LiveDocsFormat;
import org.apache.lucene.codecs.NormsFormat;
import org.apache.lucene.codecs.PointsFormat;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.SegmentInfoFormat;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.TermVectorsFormat;
import org.opensearch.index.codec.CodecAliases;

/**
 * Makes {@code "index.codec": "seismic"} (and {@code "seismic_best_compression"}) valid setting
 * values.
 *
 * <p>OpenSearch accepts an {@code index.codec} value only if it is a built-in name, the SPI name of
 * a codec, or an alias declared by an SPI codec implementing {@link CodecAliases}. This class
 * exists for that last rule: it is registered by SPI and declares the alias. The codec that indexes
 * is built per index by {@link SeismicAdditionalCodecs}, which knows the index's mappings; it keeps
 * the engine's codec name, so segments never record this class's name.
 *
 * <p>Its own SPI name must differ from the alias: OpenSearch registers every SPI name as a codec of
 * its own and refuses a second registration under the same name.
 *
 * <p>Its formats are those of Lucene's default codec ({@link Codec#getDefault()}), asked at each
 * call rather than held: SPI creates this class while Lucene is still loading its codecs, before
 * the default can be looked up, which is why this is not a {@link
 * org.apache.lucene.codecs.FilterCodec} (whose delegate is fixed in the constructor).
 */
public final class SeismicAliasCodec extends Codec implements CodecAliases {

  /** The SPI name; not meant to be set as {@code index.codec} (it does not route any field). */
  public static final String SPI_NAME = "SeismicAlias";

  public SeismicAliasCodec() {
    super(SPI_NAME);
  }

  @Override
  public Set<String> aliases() {
    return SeismicCodecSetting.CODEC_NAMES;
  }

  private static Codec delegate() {
    return Codec.getDefault();
  }

  @Override
  public PostingsFormat postingsFormat() {
    return delegate().postingsFormat();
  }

  @Override
  public DocValuesFormat docValuesFormat() {
    return delegate().docValuesFormat();
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return delegate().storedFieldsFormat();
  }

  @Override
  public TermVectorsFormat termVectorsFormat() {
    return delegate().termVectorsFormat();
  }

  @Override
  public FieldInfosFormat fieldInfosFormat() {
    return delegate().fieldInfosFormat();
  }

  @Override
  public SegmentInfoFormat segmentInfoFormat() {
    return delegate().segmentInfoFormat();
  }

  @Override
  public NormsFormat normsFormat() {
    return delegate().normsFormat();
  }

  @Override
  public LiveDocsFormat liveDocsFormat() {
    return delegate().liveDocsFormat();
  }

  @Override
  public CompoundFormat compoundFormat() {
    return delegate().compoundFormat();
  }

  @Override
  public PointsFormat pointsFormat() {
    return delegate().pointsFormat();
  }

  @Override
  public KnnVectorsFormat knnVectorsFormat() {
    return delegate().knnVectorsFormat();
  }
}
