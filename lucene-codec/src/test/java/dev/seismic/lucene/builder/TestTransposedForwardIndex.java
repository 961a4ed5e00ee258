package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.ForwardIndex;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.tests.util.LuceneTestCase;

/**
 * Transposing in buckets through spill files gives the forward index that transposing all documents
 * at once gives, whatever the bucket size, and leaves no temporary file behind.
 */
public class TestTransposedForwardIndex extends LuceneTestCase {

  public void testBucketsEqualOneTransposition() throws IOException {
    try (Directory dir = newDirectory()) {
      try (IndexWriter writer = new IndexWriter(dir, newIndexWriterConfig())) {
        int numDocs = atLeast(300);
        for (int i = 0; i < numDocs; i++) {
          Map<String, Float> v = new HashMap<>();
          int length = random().nextInt(40); // some documents without the field
          for (int j = 0; j < length; j++) {
            v.put("t" + random().nextInt(500), 0.05f + 10 * random().nextFloat());
          }
          Document doc = new Document();
          if (!v.isEmpty()) {
            doc.add(new SeismicVectorField("vec", v));
          }
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        LeafReader leaf = reader.leaves().get(0).reader();
        Terms terms = leaf.terms("vec");
        int[] counts = counts(terms, leaf.maxDoc());
        int numTerms = numTerms(terms);
        try (Directory temp = new ByteBuffersDirectory();
            ForwardIndexWriter whole = writer(temp, leaf.maxDoc(), numTerms);
            ForwardIndexWriter buckets = writer(temp, leaf.maxDoc(), numTerms)) {
          BuildOutputs outputs =
              new BuildOutputs(temp, "_0", IOContext.DEFAULT, null, null, null, null, null);
          TransposedForwardIndex.write(terms, counts, outputs, whole, Integer.MAX_VALUE);
          int bucketEntries = 1 + random().nextInt(200);
          TransposedForwardIndex.write(terms, counts, outputs, buckets, bucketEntries);
          assertSame(whole.finish(), buckets.finish(), leaf.maxDoc());
          assertEquals("only the two forward indexes' files remain", 4, temp.listAll().length);
        }
      }
    }
  }

  private static ForwardIndexWriter writer(Directory dir, int maxDoc, int numTerms)
      throws IOException {
    return new ForwardIndexWriter(dir, "_0", IOContext.DEFAULT, maxDoc, numTerms);
  }

  private static void assertSame(ForwardIndex expected, ForwardIndex actual, int maxDoc)
      throws IOException {
    ForwardIndex.Cursor e = expected.cursor();
    ForwardIndex.Cursor a = actual.cursor();
    for (int d = 0; d < maxDoc; d++) {
      e.load(d);
      a.load(d);
      assertEquals("length of doc " + d, e.length(), a.length());
      for (int i = 0; i < e.length(); i++) {
        assertEquals("component " + i + " of doc " + d, e.component(i), a.component(i));
        assertEquals("value " + i + " of doc " + d, e.value(i), a.value(i));
      }
    }
  }

  private static int[] counts(Terms terms, int maxDoc) throws IOException {
    int[] counts = new int[maxDoc];
    TermsEnum te = terms.iterator();
    PostingsEnum postings = null;
    while (te.next() != null) {
      postings = te.postings(postings, PostingsEnum.NONE);
      for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
        counts[d]++;
      }
    }
    return counts;
  }

  private static int numTerms(Terms terms) throws IOException {
    int n = 0;
    TermsEnum te = terms.iterator();
    while (te.next() != null) {
      n++;
    }
    return n;
  }
}
