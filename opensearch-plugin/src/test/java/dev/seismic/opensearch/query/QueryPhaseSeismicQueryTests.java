package dev.seismic.opensearch.query;

import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.opensearch.test.OpenSearchTestCase;

/**
 * The Seismic search runs when the weight is created, not when the query is rewritten (OpenSearch
 * registers the request's timeout between the two), once per reader, with the same hits as the
 * Seismic query itself.
 */
public class QueryPhaseSeismicQueryTests extends OpenSearchTestCase {

  private static final String FIELD = "vec";

  public void testSearchesWhenTheWeightIsCreatedOncePerReader() throws IOException {
    try (Directory dir = newDirectory()) {
      IndexWriterConfig config =
          new IndexWriterConfig().setCodec(new SeismicCodec(Codec.getDefault(), FIELD));
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int i = 0; i < 50; i++) {
          Document doc = new Document();
          doc.add(
              new SeismicVectorField(
                  FIELD,
                  SparseVector.of(FIELD, Map.of("a", 1f + i, "t" + (i % 5), 2f)),
                  SeismicVectorField.fieldType(BuildParams.DEFAULTS)));
          writer.addDocument(doc);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        SparseVector vector = SparseVector.of(FIELD, Map.of("a", 1f, "t1", 0.5f));
        AtomicInteger searches = new AtomicInteger();
        SeismicQuery seismic =
            new SeismicQuery(FIELD, vector, 10, 5, 0.6f, null)
                .withCancellation(
                    s -> {
                      searches.incrementAndGet();
                      return null;
                    });
        QueryPhaseSeismicQuery query = new QueryPhaseSeismicQuery(seismic);

        assertSame("rewriting does not search", query, searcher.rewrite(query));
        assertEquals(0, searches.get());

        TopDocs expected = searcher.search(new SeismicQuery(FIELD, vector, 10, 5, 0.6f, null), 10);
        TopDocs actual = searcher.search(query, 10);
        assertEquals(1, searches.get());
        assertEquals(expected.scoreDocs.length, actual.scoreDocs.length);
        for (int i = 0; i < expected.scoreDocs.length; i++) {
          assertEquals(expected.scoreDocs[i].doc, actual.scoreDocs[i].doc);
          assertEquals(expected.scoreDocs[i].score, actual.scoreDocs[i].score, 0f);
        }
        searcher.createWeight(query, ScoreMode.COMPLETE, 1f); // e.g. the fetch phase's explain
        assertEquals("the hits are kept for the reader", 1, searches.get());

        // The searcher's timeout (where OpenSearch's checks arrive) is looked at when the weight
        // is created: one that has passed by then stops the search before any document.
        IndexSearcher timed = new IndexSearcher(reader);
        QueryPhaseSeismicQuery fresh = new QueryPhaseSeismicQuery(seismic);
        assertEquals(query, fresh);
        Query rewritten = timed.rewrite(fresh);
        AtomicInteger looks = new AtomicInteger();
        timed.setTimeout(
            () -> {
              looks.incrementAndGet();
              return true;
            });
        Weight weight = timed.createWeight(rewritten, ScoreMode.COMPLETE, 1f);
        assertTrue(looks.get() > 0);
        assertTrue(weight.getQuery().toString(), weight.getQuery() instanceof MatchNoDocsQuery);
      }
    }
  }
}
