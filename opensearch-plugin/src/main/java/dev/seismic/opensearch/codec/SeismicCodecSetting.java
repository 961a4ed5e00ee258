package dev.seismic.opensearch.codec;

import java.util.Set;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.engine.EngineConfig;

/**
 * The one index setting that turns Seismic on: {@code "index.codec": "seismic"}.
 *
 * <p>OpenSearch lets a plugin choose postings formats only through the index's codec, so the user
 * opts in per index by naming ours. Keeping the value in one place lets the mapper (which refuses a
 * {@code seismic_vector} field without it) and the codec registration agree.
 */
public final class SeismicCodecSetting {

  /** The {@code index.codec} value that routes {@code seismic_vector} fields to Seismic. */
  public static final String CODEC_NAME = "seismic";

  /**
   * The same with OpenSearch's {@code best_compression} codec underneath (stored fields compressed
   * with DEFLATE, as {@code "index.codec": "best_compression"} or {@code "zlib"} give): {@code
   * index.codec} takes one value, so Seismic and a stored-fields compression are chosen together.
   */
  public static final String BEST_COMPRESSION_CODEC_NAME = "seismic_best_compression";

  /** Every {@code index.codec} value that turns Seismic on. */
  public static final Set<String> CODEC_NAMES = Set.of(CODEC_NAME, BEST_COMPRESSION_CODEC_NAME);

  private SeismicCodecSetting() {}

  /** Whether an index's settings select the Seismic codec. */
  public static boolean isEnabled(Settings indexSettings) {
    return CODEC_NAMES.contains(EngineConfig.INDEX_CODEC_SETTING.get(indexSettings));
  }

  /** What to tell a user who maps a Seismic field in an index that does not select the codec. */
  public static String missingMessage(String field, String actualCodec) {
    return "field ["
        + field
        + "] of type [seismic_vector] needs the index setting \"index.codec\": \""
        + CODEC_NAME
        + "\" (the index has \"index.codec\": \""
        + actualCodec
        + "\"); set it when creating the index, e.g. "
        + "{\"settings\": {\"index\": {\"codec\": \"seismic\"}}}, or \""
        + BEST_COMPRESSION_CODEC_NAME
        + "\" for the stored-field compression of \"best_compression\" (\"zlib\"); the codecs"
        + " of other plugins (such as custom-codecs' \"zstd\") cannot be combined with Seismic";
  }
}
