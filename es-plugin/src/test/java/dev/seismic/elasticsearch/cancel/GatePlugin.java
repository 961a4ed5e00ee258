package dev.seismic.elasticsearch.cancel;

import dev.seismic.cancel.GateQuery;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.search.Query;
import org.elasticsearch.TransportVersion;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.SearchPlugin;
import org.elasticsearch.search.internal.MaxClauseCountQueryVisitor;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;

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
    protected Query doToQuery(SearchExecutionContext context, MaxClauseCountQueryVisitor visitor) {
      Query query = new GateQuery();
      query.visit(visitor);
      return query;
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

    @Override
    public TransportVersion getMinimalSupportedVersion() {
      return TransportVersion.zero();
    }
  }
}
