package dev.seismic.opensearch.cancel;

import dev.seismic.cancel.GateQuery;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.search.Query;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;

/** Registers {@code seismic_test_gate}, the {@link GateQuery}, for tests. */
public final class GatePlugin extends Plugin implements SearchPlugin {

  @Override
  public List<QuerySpec<?>> getQueries() {
    return List.of(
        new QuerySpec<>(GateQueryBuilder.NAME, GateQueryBuilder::new, GateQueryBuilder::parse));
  }

  /** {@code {"seismic_test_gate": {}}} */
  public static final class GateQueryBuilder extends AbstractQueryBuilder<GateQueryBuilder> {
    static final String NAME = "seismic_test_gate";

    public GateQueryBuilder() {}

    public GateQueryBuilder(StreamInput in) throws IOException {
      super(in);
    }

    static GateQueryBuilder parse(XContentParser parser) throws IOException {
      for (XContentParser.Token t = parser.nextToken();
          t != XContentParser.Token.END_OBJECT;
          t = parser.nextToken()) {
        parser.skipChildren();
      }
      return new GateQueryBuilder();
    }

    @Override
    protected void doWriteTo(StreamOutput out) {}

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
      builder.startObject(NAME);
      printBoostAndQueryName(builder);
      builder.endObject();
    }

    @Override
    protected Query doToQuery(QueryShardContext context) {
      return new GateQuery();
    }

    @Override
    protected boolean doEquals(GateQueryBuilder other) {
      return true;
    }

    @Override
    protected int doHashCode() {
      return 0;
    }

    @Override
    public String getWriteableName() {
      return NAME;
    }
  }
}
