package dev.seismic.lucene.codecs;

import dev.seismic.lucene.document.SeismicVectorField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.InfoStream;

/** Each flush and merge of a Seismic field reports its statistics and phases to the InfoStream. */
public class TestSeismicBuildReport extends LuceneTestCase {

  public void testFlushAndMergeReportTheirPhases() throws Exception {
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    InfoStream stream =
        new InfoStream() {
          @Override
          public boolean isEnabled(String component) {
            return true; // Lucene's own components too: only ours may end up in the list
          }

          @Override
          public void message(String component, String message) {
            if (component.equals(SeismicCodec.INFO_STREAM_COMPONENT)) {
              messages.add(message);
            }
          }

          @Override
          public void close() {}
        };
    try (Directory dir = newDirectory()) {
      IndexWriterConfig config =
          new IndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), "vec"));
      config.setInfoStream(stream);
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int segment = 0; segment < 2; segment++) {
          for (int i = 0; i < 50; i++) {
            Document doc = new Document();
            doc.add(new SeismicVectorField("vec", Map.of("a" + i % 7, 1f, "b" + i % 11, 0.5f)));
            writer.addDocument(doc);
          }
          writer.flush();
        }
        writer.forceMerge(1);
      }
    }
    assertEquals(messages.toString(), 3, messages.size()); // two flushes, one merge
    for (String message : messages) {
      assertTrue(message, message.contains("field \"vec\""));
      assertTrue(
          message, message.contains("docsWithVector=" + (message.contains("_2") ? 100 : 50)));
      for (String phase :
          new String[] {
            "count",
            "vectors",
            "copy",
            "top components",
            "read and prune",
            "cluster",
            "summarize",
            "write lists"
          }) {
        assertTrue(message, message.contains(phase + " "));
      }
      // The merge streams its forward index from the two flushed segments' (not from the heap).
      assertTrue(
          message,
          message.contains(
              message.contains("_2") ? "(from 2 source segments)" : "(transposed from"));
    }
  }
}
