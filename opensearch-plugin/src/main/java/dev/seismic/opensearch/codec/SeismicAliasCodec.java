package dev.seismic.opensearch.codec;

import java.util.Set;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.opensearch.index.codec.CodecAliases;

/**
 * Makes {@code "index.codec": "seismic"} a valid setting value.
 *
 * <p>OpenSearch accepts an {@code index.codec} value only if it is a built-in name, the SPI name of
 * a codec, or an alias declared by an SPI codec implementing {@link CodecAliases}. This class
 * exists for that last rule: it is registered by SPI and declares the alias. The codec that indexes
 * is built per index by {@link SeismicAdditionalCodecs}, which knows the index's mappings; it keeps
 * the engine's codec name, so segments never record this class's name.
 *
 * <p>Its own SPI name must differ from the alias: OpenSearch registers every SPI name as a codec of
 * its own and refuses a second registration under the same name.
 */
public final class SeismicAliasCodec extends FilterCodec implements CodecAliases {

  /** The SPI name; not meant to be set as {@code index.codec} (it does not route any field). */
  public static final String SPI_NAME = "SeismicAlias";

  public SeismicAliasCodec() {
    super(SPI_NAME, new Lucene104Codec());
  }

  @Override
  public Set<String> aliases() {
    return Set.of(SeismicCodecSetting.CODEC_NAME);
  }
}
