package dev.seismic.opensearch.codec;

import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.opensearch.mapper.SeismicVectorFieldType;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.codec.AdditionalCodecs;
import org.opensearch.index.codec.PerFieldMappingPostingFormatCodec;
import org.opensearch.index.mapper.MapperService;

/**
 * Registers the codec named {@code seismic} for one index: the engine's default codec, with every
 * {@code seismic_vector} field of the index's mappings sent to the Seismic postings format.
 *
 * <p>Going through {@link AdditionalCodecs} rather than a codec service factory lets other plugins'
 * codec services (k-NN, neural-search) wrap ours on the same index.
 */
public final class SeismicAdditionalCodecs implements AdditionalCodecs {

  @Override
  public Map<String, Codec> getCodecs(
      MapperService mapperService, IndexSettings indexSettings, Supplier<Codec> defaultCodec) {
    return Map.of(
        SeismicCodecSetting.CODEC_NAME,
        new SeismicCodec(defaultCodec.get(), field -> isSeismicField(mapperService, field)),
        SeismicCodecSetting.BEST_COMPRESSION_CODEC_NAME,
        new SeismicCodec(
            bestCompression(mapperService), field -> isSeismicField(mapperService, field)));
  }

  /**
   * OpenSearch's {@code best_compression} codec, built as {@code CodecService} builds it (the
   * registry is only handed the default codec). Its segments record Lucene's codec name and the
   * stored-fields mode, so they read back with the stock codec.
   */
  private static Codec bestCompression(MapperService mapperService) {
    return mapperService == null
        ? new Lucene104Codec(Lucene104Codec.Mode.BEST_COMPRESSION)
        : new PerFieldMappingPostingFormatCodec(
            Lucene104Codec.Mode.BEST_COMPRESSION,
            mapperService,
            LogManager.getLogger(SeismicAdditionalCodecs.class));
  }

  /**
   * Asked at each flush and merge, so fields mapped after the index was created are seen. Without
   * mappings (OpenSearch passes none in some internal uses) no field is a Seismic field.
   */
  private static boolean isSeismicField(MapperService mapperService, String field) {
    return mapperService != null
        && mapperService.fieldType(field) instanceof SeismicVectorFieldType;
  }
}
