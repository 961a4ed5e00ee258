package dev.seismic.elasticsearch.query;

import java.util.List;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionResponse;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.TransportSearchAction;
import org.elasticsearch.action.support.ActionFilter;
import org.elasticsearch.action.support.ActionFilterChain;
import org.elasticsearch.action.support.ContextPreservingActionListener;
import org.elasticsearch.common.util.concurrent.ThreadContext;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.tasks.Task;

/**
 * Carries a search request's {@code from} and {@code size} to the rewrite of its {@code seismic}
 * queries on the coordinating node, so that a query without {@code k} asks each shard for {@code
 * from + size} hits.
 *
 * <p>Elasticsearch shows a query builder only the request's {@code size} ({@code
 * SearchExecutionContext.requestSize()}, set on the shard from {@code request.source().size()} in
 * {@code DefaultSearchContext}; Elasticsearch's own {@code knn} query defaults {@code k} to it),
 * never {@code from}, and its {@code QueryRewriteContext} holds neither. The search action is where
 * both are known: this filter, registered through {@code ActionPlugin.getActionFilters()}, puts
 * them in the thread context (a transient, local to this node) for the length of the search action;
 * {@code TransportSearchAction} rewrites the query on this node within that context, and {@link
 * SeismicQueryBuilder#doRewrite} fixes {@code k} from it before the query goes to the shards.
 */
public final class SearchWindow implements ActionFilter {

  /** A request's {@code from} and {@code size}, negative where the request does not give them. */
  public record Window(int from, int size) {}

  private static final String TRANSIENT = "_seismic_search_window";

  private volatile ThreadContext threadContext;

  /** The node's thread context, known once the plugin's components are created. */
  public void threadContext(ThreadContext threadContext) {
    this.threadContext = threadContext;
  }

  /** The window of the search this thread works for, or null outside a search action. */
  public Window current() {
    ThreadContext context = threadContext;
    return context == null ? null : context.getTransient(TRANSIENT);
  }

  @Override
  public int order() {
    return Integer.MAX_VALUE; // after every other filter (security's first), just before the action
  }

  @Override
  public <Request extends ActionRequest, Response extends ActionResponse> void apply(
      Task task,
      String action,
      Request request,
      ActionListener<Response> listener,
      ActionFilterChain<Request, Response> chain) {
    ThreadContext context = threadContext;
    if (context == null
        || !TransportSearchAction.NAME.equals(action)
        || !(request instanceof SearchRequest search)) {
      chain.proceed(task, action, request, listener);
      return;
    }
    SearchSourceBuilder source = search.source();
    Window window = source == null ? new Window(-1, -1) : new Window(source.from(), source.size());
    // The listener answers in the caller's context; the search runs in one that holds the window
    // (an outer search's window, as in a multi-search, is replaced rather than inherited).
    ActionListener<Response> restoring =
        ContextPreservingActionListener.wrapPreservingContext(listener, context);
    try (ThreadContext.StoredContext ignored =
        context.newStoredContext(List.of(TRANSIENT), List.of())) {
      context.putTransient(TRANSIENT, window);
      chain.proceed(task, action, request, restoring);
    }
  }
}
