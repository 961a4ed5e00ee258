package dev.seismic.lucene.search;

import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.codecs.SeismicTerms;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.index.BlockQueue;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.InvertedIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

/**
 * The block queue hands out every block of the lists added to it once, best summary score first,
 * with the block's address and size, at any number of blocks.
 */
public class TestBlockQueue extends LuceneTestCase {

  private static final String FIELD = "vec";

  public void testBestFirstAtEverySize() throws IOException {
    RandomVectors vectors = new RandomVectors(random(), 500);
    try (Directory dir = newDirectory()) {
      IndexWriterConfig config =
          new IndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
      // Lists of up to 300 postings in blocks of about 10 documents.
      FieldType type = SeismicVectorField.fieldType(new BuildParams(1, 300, 0.1f, 0.5f, 2, 15));
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int i = 0; i < 3000; i++) {
          Document doc = new Document();
          doc.add(new SeismicVectorField(FIELD, vectors.next(FIELD, 30), type));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        FieldIndex index = SeismicTerms.get(reader.leaves().get(0).reader(), FIELD);
        int numTerms = index.terms().size();
        InvertedIndex.PostingList list = index.inverted().postingList();
        BlockQueue queue = new BlockQueue();
        for (int round = 0; round < 3; round++) { // reused from search to search
          float[] dense = new float[numTerms];
          SparseVector vector = vectors.next(FIELD, 50);
          SegmentQuery query =
              SegmentQuery.resolve(
                  new QueryTerms(vector), index.terms().lookup(), vector.size(), dense);
          query.fill();
          queue.clear();
          // Lists one after another (a term may come twice), so that the queue's arrays grow
          // across many sizes.
          List<Float> scores = new ArrayList<>();
          List<Long> addresses = new ArrayList<>();
          List<Integer> sizes = new ArrayList<>();
          List<Integer> segments = new ArrayList<>();
          int target = 1 + random().nextInt(5000);
          while (scores.size() < target) {
            int ord = random().nextInt(numTerms);
            list.load(ord);
            float[] listScores = new float[list.numBlocks()];
            list.summaries()
                .score(query.ords, query.weights, query.length(), query.dense, listScores);
            for (int b = 0; b < list.numBlocks(); b++) {
              scores.add(listScores[b]);
              addresses.add(list.blockAddress(b));
              sizes.add(list.blockSize(b));
              segments.add(ord % 3);
            }
            list.load(ord);
            queue.addList(list, query.ords, query.weights, query.length(), query.dense, ord % 3);
          }
          queue.heapify();
          int n = scores.size();
          boolean[] taken = new boolean[n];
          float previous = Float.POSITIVE_INFINITY;
          for (int e = queue.next(); e >= 0; e = queue.next()) {
            assertFalse("block " + e + " taken twice", taken[e]);
            taken[e] = true;
            assertEquals(scores.get(e), queue.score(e), 0f);
            assertTrue(queue.score(e) <= previous);
            previous = queue.score(e);
            assertEquals((long) addresses.get(e), queue.address(e));
            assertEquals((int) sizes.get(e), queue.blockSize(e));
            assertEquals((int) segments.get(e), queue.segment(e));
          }
          for (int i = 0; i < n; i++) {
            assertTrue("block " + i + " never taken", taken[i]);
          }
          query.clear();
        }
      }
    }
  }
}
