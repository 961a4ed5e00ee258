package dev.seismic.elasticsearch.rest;

import dev.seismic.rest.ConformanceEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.elasticsearch.common.Strings;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParserConfiguration;
import org.elasticsearch.xcontent.json.JsonXContent;

/** Elasticsearch for the shared REST cases: its index setting and its own XContent JSON. */
public final class ElasticsearchConformance implements ConformanceEngine {

  public static final ElasticsearchConformance ENGINE = new ElasticsearchConformance();

  private ElasticsearchConformance() {}

  @Override
  public String name() {
    return "elasticsearch";
  }

  @Override
  public Map<String, Object> seismicIndexSettings() {
    return Map.of("index.seismic.enabled", true);
  }

  @Override
  public Object parseJson(String text) {
    return parse(text);
  }

  @Override
  public String writeJson(Object value) {
    try (XContentBuilder builder = JsonXContent.contentBuilder()) {
      builder.value(value);
      return Strings.toString(builder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON object or array keeping key order; null for blank text; any other text as itself. */
  public static Object parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try (XContentParser parser =
        JsonXContent.jsonXContent.createParser(XContentParserConfiguration.EMPTY, text)) {
      return switch (parser.nextToken()) {
        case START_OBJECT -> parser.mapOrdered();
        case START_ARRAY -> parser.listOrderedMap();
        default -> text;
      };
    } catch (IOException | RuntimeException e) {
      return text;
    }
  }
}
