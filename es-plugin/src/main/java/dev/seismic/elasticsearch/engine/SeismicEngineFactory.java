package dev.seismic.elasticsearch.engine;

import org.elasticsearch.index.engine.Engine;
import org.elasticsearch.index.engine.EngineConfig;
import org.elasticsearch.index.engine.EngineFactory;
import org.elasticsearch.index.engine.InternalEngine;

/**
 * Elasticsearch's own {@link InternalEngine}, with one change: its codecs route {@code
 * seismic_vector} fields to the Seismic postings format.
 *
 * <p>This is the only route Elasticsearch 9.5 leaves a plugin: {@code IndexShard} builds its {@code
 * CodecService} itself and its per-field format choice has no plugin hook, but an {@code
 * EnginePlugin} may supply the engine, and {@link EngineConfig#builder(EngineConfig)} copies the
 * shard's configuration with another codec provider. Everything else (translog, merges, refresh,
 * recovery) is the stock engine.
 */
public final class SeismicEngineFactory implements EngineFactory {

  @Override
  public Engine newReadWriteEngine(EngineConfig config) {
    SeismicCodecProvider codecs =
        new SeismicCodecProvider(config.getCodecProvider(), config.getMapperService());
    return new InternalEngine(EngineConfig.builder(config).codecProvider(codecs).build());
  }
}
