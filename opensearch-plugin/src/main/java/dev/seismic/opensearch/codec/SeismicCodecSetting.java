package dev.seismic.opensearch.codec;

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

  private SeismicCodecSetting() {}

  /** Whether an index's settings select the Seismic codec. */
  public static boolean isEnabled(Settings indexSettings) {
    return CODEC_NAME.equals(EngineConfig.INDEX_CODEC_SETTING.get(indexSettings));
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
        + "{\"settings\": {\"index\": {\"codec\": \"seismic\"}}}";
  }
}
