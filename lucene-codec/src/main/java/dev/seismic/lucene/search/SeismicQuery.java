package dev.seismic.lucene.search;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SparseVector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;

/**
 * Approximate top-k by inner product over a Seismic field, with Seismic's query parameters:
 *
 * <ul>
 *   <li>{@code k}: how many hits;
 *   <li>{@code query_cut}: only the posting lists of the query's {@code query_cut} heaviest tokens
 *       are searched (every token still counts in the scores);
 *   <li>{@code heap_factor} in (0, 1]: once k hits are held, a block whose summary scores below
 *       {@code heap_factor × (the k-th best score)} is skipped (larger skips more);
 *   <li>{@code filter}: an optional query that hits must match, applied during the search.
 * </ul>
 *
 * <p>Like Lucene's kNN queries, the search runs in {@link #rewrite(IndexSearcher)}: each segment is
 * searched (in parallel through the searcher's executor, else largest first), the segments sharing
 * the best k-th score found so far as the bar for skipping blocks, the per-segment top-k are
 * merged, and the query rewrites to one over those hits and scores. Scores are dot products of the
 * query weights with the indexed (9-bit) document weights, equal to the exact {@link
 * #exactQuery(String, SparseVector)}'s.
 *
 * <p>Timeouts and cancellation are checked between blocks, between batches of the exact path and
 * every few thousand documents while reading a filter or postings: the searcher's {@link
 * QueryTimeout} ({@link IndexSearcher#getTimeout()}) and, when an engine attached one with {@link
 * #withCancellation}, the engine's own checks. A timed-out {@code QueryTimeout} makes the search
 * return the hits found so far; an engine's check may instead throw its own exception (a timeout or
 * a cancelled task), which leaves {@code rewrite} untouched so that the engine handles it as it
 * does for its own queries.
 *
 * @lucene.experimental
 */
public final class SeismicQuery extends Query {

  // Chosen by measurement (benchmarks/results/ holds the runs). Blocks of all the cut lists are
  // visited best first together, so a few lists suffice.
  public static final int DEFAULT_QUERY_CUT = 5;
  public static final float DEFAULT_HEAP_FACTOR = 0.6f;

  private final String field;
  private final SparseVector vector;
  private final int k;
  private final int queryCut;
  private final float heapFactor;
  private final int knn; // neighbours of each best hit scored from the κ-NN graph; 0: none
  private final Query filter;
  private final QueryTerms terms; // the tokens prepared for resolving, once
  // An engine's cancellation and timeout checks for the searcher that rewrites the query, or null.
  // Not part of equals: it decides when a search stops, not what it finds.
  private final Function<IndexSearcher, QueryTimeout> cancellation;

  /** A query with the default {@code query_cut} and {@code heap_factor} and no filter. */
  public SeismicQuery(String field, Map<String, ? extends Number> queryVector, int k) {
    this(
        field,
        SparseVector.of(field, queryVector),
        k,
        DEFAULT_QUERY_CUT,
        DEFAULT_HEAP_FACTOR,
        null);
  }

  /**
   * @param filter documents must match it; null for none
   * @throws IllegalArgumentException for an empty vector, {@code k < 1}, {@code query_cut < 1} or a
   *     {@code heap_factor} outside (0, 1]
   */
  public SeismicQuery(
      String field, SparseVector queryVector, int k, int queryCut, float heapFactor, Query filter) {
    checkParameters(field, queryVector, k, queryCut, heapFactor);
    this.field = field;
    this.vector = queryVector;
    this.k = k;
    this.queryCut = queryCut;
    this.heapFactor = heapFactor;
    this.knn = 0;
    this.filter = filter;
    this.terms = new QueryTerms(queryVector);
    this.cancellation = null;
  }

  private SeismicQuery(
      SeismicQuery query, int knn, Function<IndexSearcher, QueryTimeout> cancellation) {
    this.field = query.field;
    this.vector = query.vector;
    this.k = query.k;
    this.queryCut = query.queryCut;
    this.heapFactor = query.heapFactor;
    this.knn = knn;
    this.filter = query.filter;
    this.terms = query.terms;
    this.cancellation = cancellation;
  }

  /**
   * This query, refined with the segments' κ-NN graphs: once the blocks are visited, each hit that
   * can still make the top k has up to {@code knn} of its graph neighbours scored too (the
   * refinement of Bruch, Nardini, Rulli and Venturini, CIKM 2024). Neighbours of a near-duplicate
   * family are found through any one of its members, so a cheaper block search reaches the same
   * recall. A segment built without a graph ({@code nknn} 0) is searched as without refinement; one
   * built with fewer than {@code knn} neighbours per document gives what it has.
   *
   * @param knn neighbours per hit, 0 for none
   * @throws IllegalArgumentException for a {@code knn} outside [0, {@value BuildParams#MAX_NKNN}]
   */
  public SeismicQuery withKnn(int knn) {
    checkKnn(knn);
    return new SeismicQuery(this, knn, cancellation);
  }

  /**
   * @throws IllegalArgumentException for a {@code knn} outside [0, {@value BuildParams#MAX_NKNN}]
   */
  public static void checkKnn(int knn) {
    if (knn < 0 || knn > BuildParams.MAX_NKNN) {
      throw new IllegalArgumentException(
          "[knn] must be an integer in [0, " + BuildParams.MAX_NKNN + "], got [" + knn + "]");
    }
  }

  /**
   * This query, also stopping when an engine's own checks say so. Search engines do not always
   * enforce a request's timeout and task cancellation through {@link IndexSearcher#getTimeout()}
   * (Elasticsearch registers them on its searcher and reader wrappers instead); an engine adapter
   * gives here, for the searcher that rewrites the query, a {@link QueryTimeout} running those
   * checks (null when the searcher has none). Its {@code shouldExit} is called between blocks and
   * batches, together with the searcher's own timeout, and may throw the engine's exception: it
   * leaves {@link #rewrite} unchanged, so the engine reports a timeout or a cancelled task as it
   * does for its own queries.
   */
  public SeismicQuery withCancellation(Function<IndexSearcher, QueryTimeout> cancellation) {
    return new SeismicQuery(this, knn, Objects.requireNonNull(cancellation, "cancellation"));
  }

  /**
   * Checks the query's parameters without building a query, so that engine adapters can reject a
   * bad request where it is parsed.
   *
   * @throws IllegalArgumentException for an empty vector, {@code k < 1}, {@code query_cut < 1} or a
   *     {@code heap_factor} outside (0, 1]
   */
  public static void checkParameters(
      String field, SparseVector queryVector, int k, int queryCut, float heapFactor) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(queryVector, "queryVector");
    if (queryVector.size() == 0) {
      throw new IllegalArgumentException(
          "field \"" + field + "\": the query vector is empty; give at least one token");
    }
    if (k < 1) {
      throw new IllegalArgumentException("[k] must be at least 1, got [" + k + "]");
    }
    if (queryCut < 1) {
      throw new IllegalArgumentException("[query_cut] must be at least 1, got [" + queryCut + "]");
    }
    if (!(heapFactor > 0f && heapFactor <= 1f)) {
      throw new IllegalArgumentException(
          "[heap_factor] must be in (0, 1], got [" + heapFactor + "]");
    }
  }

  /**
   * Lucene's exact search over the same field: a disjunction of {@code FeatureField} linear
   * queries, one per token, scored by MaxScore (what Elasticsearch's {@code sparse_vector} query
   * runs).
   *
   * <p>Each clause is the linear query boosted by the token's weight, which is what {@code
   * FeatureField.newLinearQuery(field, token, weight)} builds too, except that the latter refuses
   * weights above 64; query vectors may carry any positive normal weight, and the exact query must
   * accept every vector the Seismic query accepts.
   */
  public static Query exactQuery(String field, SparseVector queryVector) {
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    for (int i = 0; i < queryVector.size(); i++) {
      Query clause = FeatureField.newLinearQuery(field, queryVector.token(i), 1f);
      float weight = queryVector.weight(i);
      builder.add(
          weight == 1f ? clause : new BoostQuery(clause, weight), BooleanClause.Occur.SHOULD);
    }
    return builder.build();
  }

  @Override
  public Query rewrite(IndexSearcher searcher) throws IOException {
    IndexReader reader = searcher.getIndexReader();
    Weight filterWeight = null;
    if (filter != null) {
      Query rewrittenFilter = searcher.rewrite(filter);
      if (rewrittenFilter.getClass() == MatchNoDocsQuery.class) {
        return rewrittenFilter;
      }
      if (rewrittenFilter.getClass() != MatchAllDocsQuery.class) {
        filterWeight = searcher.createWeight(rewrittenFilter, ScoreMode.COMPLETE_NO_SCORES, 1f);
      }
    }
    QueryTimeout timeout = searcher.getTimeout();
    QueryTimeout engineChecks = cancellation == null ? null : cancellation.apply(searcher);
    SharedTopScores shared = new SharedTopScores(k);
    final Weight sliceFilter = filterWeight;
    List<Callable<List<TopDocs>>> tasks = new ArrayList<>();
    for (List<LeafReaderContext> slice : slices(searcher)) {
      tasks.add(
          () ->
              new SliceSearch(this, sliceFilter, shared, timeout, engineChecks, reader.maxDoc())
                  .search(slice));
    }
    List<TopDocs> perSegment = new ArrayList<>();
    for (List<TopDocs> sliceHits : searcher.getTaskExecutor().invokeAll(tasks)) {
      perSegment.addAll(sliceHits);
    }
    TopDocs top = TopDocs.merge(k, perSegment.toArray(TopDocs[]::new));
    if (top.scoreDocs.length == 0) {
      return new MatchNoDocsQuery("no document matches the Seismic query");
    }
    return new SeismicHitsQuery(this, reader, top);
  }

  /**
   * The segments each thread searches: the searcher's slices (one with every segment when it has no
   * executor), or one segment per task when the searcher splits segments across slices.
   */
  private static List<List<LeafReaderContext>> slices(IndexSearcher searcher) {
    List<List<LeafReaderContext>> slices = new ArrayList<>();
    Set<LeafReaderContext> seen = new HashSet<>();
    for (IndexSearcher.LeafSlice slice : searcher.getSlices()) {
      List<LeafReaderContext> leaves = new ArrayList<>();
      for (IndexSearcher.LeafReaderContextPartition partition : slice.partitions) {
        if (!seen.add(partition.ctx)) { // a segment split into partitions: search it whole once
          return searcher.getIndexReader().leaves().stream().map(List::of).toList();
        }
        leaves.add(partition.ctx);
      }
      slices.add(leaves);
    }
    return slices;
  }

  /** The tokens, prepared for resolving them in segments. */
  QueryTerms terms() {
    return terms;
  }

  public String getField() {
    return field;
  }

  public SparseVector getQueryVector() {
    return vector;
  }

  public int getK() {
    return k;
  }

  public int getQueryCut() {
    return queryCut;
  }

  public float getHeapFactor() {
    return heapFactor;
  }

  /** Graph neighbours scored per best hit; 0 when the query does not use the κ-NN graphs. */
  public int getKnn() {
    return knn;
  }

  /** The filter, or null. */
  public Query getFilter() {
    return filter;
  }

  @Override
  public void visit(QueryVisitor visitor) {
    if (visitor.acceptField(field)) {
      visitor.visitLeaf(this);
    }
  }

  @Override
  public String toString(String defaultField) {
    StringBuilder sb = new StringBuilder("SeismicQuery(");
    if (!field.equals(defaultField)) {
      sb.append(field).append(':');
    }
    sb.append(vector)
        .append(", k=")
        .append(k)
        .append(", query_cut=")
        .append(queryCut)
        .append(", heap_factor=")
        .append(heapFactor);
    if (knn > 0) {
      sb.append(", knn=").append(knn);
    }
    if (filter != null) {
      sb.append(", filter=").append(filter);
    }
    return sb.append(')').toString();
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other) && equalsTo(getClass().cast(other));
  }

  private boolean equalsTo(SeismicQuery other) {
    return field.equals(other.field)
        && vector.equals(other.vector)
        && k == other.k
        && queryCut == other.queryCut
        && Float.compare(heapFactor, other.heapFactor) == 0
        && knn == other.knn
        && Objects.equals(filter, other.filter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classHash(), field, vector, k, queryCut, heapFactor, knn, filter);
  }
}
