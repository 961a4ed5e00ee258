package dev.seismic.opensearch.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.XContentBuilder;

/** JSON in and out with the engine's own XContent, so the tests need no other JSON library. */
public final class Json {

  private Json() {}

  /** Parses any JSON value (object, array, scalar), keeping object key order. */
  public static Object parse(String json) {
    // XContent parses objects only; wrap the value in one.
    return XContentHelper.convertToMap(JsonXContent.jsonXContent, "{\"v\":" + json + "}", true)
        .get("v");
  }

  public static Map<String, Object> parseObject(InputStream in) throws IOException {
    return XContentHelper.convertToMap(JsonXContent.jsonXContent, in, true);
  }

  public static String write(Object value) {
    try (XContentBuilder builder = XContentFactory.jsonBuilder()) {
      builder.value(value);
      return BytesReference.bytes(builder).utf8ToString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
