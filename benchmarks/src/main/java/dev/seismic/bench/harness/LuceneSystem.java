package dev.seismic.bench.harness;

import java.util.List;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Prebuilt Lucene queries on one searcher. Queries are built before any timing, so latency is
 * search time (for a Seismic query, its rewrite, where the search runs) plus mapping k hits to data
 * positions. The searcher has no executor and no query cache: every search does its full work on
 * the calling thread; {@link IndexSearcher} itself is safe to share between threads.
 */
final class LuceneSystem implements SearchSystem {

  private final String name;
  private final IndexSearcher searcher;
  private final List<Query> queries;
  private final int k;
  private final int[] docToOrd;

  LuceneSystem(String name, IndexSearcher searcher, List<Query> queries, int k, int[] docToOrd) {
    this.name = name;
    this.searcher = searcher;
    this.queries = queries;
    this.k = k;
    this.docToOrd = docToOrd;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Retriever retriever() {
    return q -> {
      TopDocs top = searcher.search(queries.get(q), k);
      ScoreDoc[] docs = top.scoreDocs;
      int[] hits = new int[docs.length];
      for (int i = 0; i < docs.length; i++) {
        hits[i] = docToOrd[docs[i].doc];
      }
      return hits;
    };
  }
}
