package dev.seismic.elasticsearch.engine;

import dev.seismic.elasticsearch.mapper.SeismicVectorFieldType;
import dev.seismic.lucene.codecs.SeismicCodec;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.codecs.Codec;
import org.elasticsearch.index.codec.CodecProvider;
import org.elasticsearch.index.mapper.MapperService;

/**
 * The shard's codec provider with every codec wrapped in a {@link SeismicCodec}.
 *
 * <p>The wrapper keeps the wrapped codec's name (for instance Elasticsearch's own {@code
 * Elasticsearch93Lucene104}) and only overrides the postings format of {@code seismic_vector}
 * fields, so every other field keeps Elasticsearch's formats and segments reopen through the stock
 * codec, which finds the Seismic format by its SPI name.
 */
final class SeismicCodecProvider implements CodecProvider {

  private final CodecProvider delegate;
  private final MapperService mapperService;

  /** One wrapper per codec name; the engine asks again for every realtime get from the translog. */
  private final Map<String, Codec> wrapped = new ConcurrentHashMap<>();

  SeismicCodecProvider(CodecProvider delegate, MapperService mapperService) {
    this.delegate = Objects.requireNonNull(delegate, "codec provider");
    this.mapperService = Objects.requireNonNull(mapperService, "mapper service");
  }

  @Override
  public Codec codec(String name) {
    return wrapped.computeIfAbsent(
        name, n -> new SeismicCodec(delegate.codec(n), this::isSeismicField));
  }

  @Override
  public String[] availableCodecs() {
    return delegate.availableCodecs();
  }

  /**
   * Asked once per field and segment when it is written (flush or merge). The mapping is read at
   * that moment, so a field added by a later mapping update is routed as soon as it exists.
   */
  private boolean isSeismicField(String field) {
    return mapperService.fieldType(field) instanceof SeismicVectorFieldType;
  }
}
