package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.index.FieldMetadata;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.ByteBuffersIndexOutput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.tests.util.LuceneTestCase;

/**
 * Lists and κ-NN graphs built in parallel chunks must give the same bytes as built one after
 * another.
 */
public class TestParallelBuild extends LuceneTestCase {

  public void testParallelEqualsSequential() throws Exception {
    // Small chunks of work so that many run at once.
    BuildParams params =
        new BuildParams(1, 200, 0.2f, 0.5f, 2, 10).withNknn(random().nextBoolean() ? 0 : 5);
    FieldType type = SeismicVectorField.fieldType(params);
    try (Directory dir = newDirectory()) {
      try (IndexWriter writer = new IndexWriter(dir, newIndexWriterConfig())) {
        for (int i = 0; i < atLeast(2000); i++) {
          Map<String, Float> v = new HashMap<>();
          for (int j = 0; j < 30; j++) {
            int id = (int) (Math.pow(random().nextDouble(), 2) * 3000);
            v.put("t" + id, 0.05f + random().nextFloat());
          }
          Document doc = new Document();
          doc.add(new SeismicVectorField("vec", SparseVector.of("vec", v), type));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        LeafReader leaf = reader.leaves().get(0).reader();
        assertEquals(params, BuildParams.fromFieldInfo(leaf.getFieldInfos().fieldInfo("vec")));
        byte[][] sequential = build(leaf, new TaskExecutor(Runnable::run));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
          byte[][] parallel = build(leaf, new TaskExecutor(pool));
          for (int i = 0; i < sequential.length; i++) {
            assertArrayEquals("output " + i, sequential[i], parallel[i]);
          }
        } finally {
          pool.shutdown();
        }
      }
    }
  }

  /** The field's metadata as the meta file holds it, then the five data files' bytes. */
  private static byte[][] build(LeafReader leaf, TaskExecutor executor) throws IOException {
    ByteBuffersDataOutput[] buffers = new ByteBuffersDataOutput[6];
    ByteBuffersIndexOutput[] outs = new ByteBuffersIndexOutput[6];
    for (int i = 0; i < 6; i++) {
      buffers[i] = new ByteBuffersDataOutput();
      outs[i] = new ByteBuffersIndexOutput(buffers[i], "test", "out" + i);
    }
    try (Directory temp = new ByteBuffersDirectory()) {
      FieldMetadata metadata =
          SeismicFieldBuilder.build(
              leaf.getFieldInfos().fieldInfo("vec"),
              leaf.terms("vec"),
              leaf.maxDoc(),
              null,
              new BuildOutputs(
                  temp, "_0", IOContext.DEFAULT, outs[1], outs[2], outs[3], outs[4], outs[5]),
              executor,
              new BuildTimes());
      metadata.write(outs[0]);
      assertEquals("temporary files left", 0, temp.listAll().length);
    }
    byte[][] bytes = new byte[6][];
    for (int i = 0; i < 6; i++) {
      outs[i].close();
      bytes[i] = buffers[i].toArrayCopy();
    }
    return bytes;
  }
}
