package dev.seismic.bench.cli;

import dev.seismic.bench.Main;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

/**
 * {@code index} reads its input one vector at a time while indexing: a file that does not fit in
 * the heap as vectors still indexes, in a separate JVM with a heap far smaller than the file's
 * vectors would take; layouts, {@code --limit}, and a bad vector late in the file that leaves the
 * existing index untouched.
 */
@LuceneTestCase.SuppressSysoutChecks(bugUrl = "the command prints a summary line")
public class IndexCommandStreamingTest extends LuceneTestCase {

  /** Writes {@code n} JSONL vectors of 16 tokens out of 3,000, deterministic for the seed. */
  static void writeVectors(Path file, int n, long seed) throws IOException {
    Random r = new Random(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        w.write("{\"id\": \"d" + i + "\", \"vector\": {");
        int first = r.nextInt(3000);
        for (int t = 0; t < 16; t++) {
          // 16 distinct tokens: a random start, then steps that never wrap onto it.
          w.write(
              String.format(
                  Locale.ROOT,
                  "%s\"t%d\": %.3f",
                  t == 0 ? "" : ", ",
                  (first + t * 181) % 3000,
                  0.05 + 3 * r.nextDouble()));
        }
        w.write("}}\n");
      }
    }
  }

  private static int run(StringWriter err, StringWriter out, String... args) {
    Codec saved = Codec.getDefault();
    Codec.setDefault(TestUtil.getDefaultCodec());
    try {
      var cl = Main.commandLine();
      cl.setErr(new PrintWriter(err, true));
      cl.setOut(new PrintWriter(out, true));
      return cl.execute(args);
    } finally {
      Codec.setDefault(saved);
    }
  }

  /**
   * 100,000 vectors take ~22 MB as in-memory vectors (the reading alone ran out of a 48 MB heap
   * before the command streamed); read one at a time, they index within 32 MB.
   */
  public void testIndexesAFileLargerThanTheHeap() throws Exception {
    Path dir = createTempDir("stream");
    Path file = dir.resolve("vectors.jsonl");
    int n = 100_000;
    writeVectors(file, n, 42);
    Path index = dir.resolve("index");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-Xmx32m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "index",
            file.toString(),
            "--index",
            index.toString(),
            "--layout",
            "segments:10"));
    Path log = dir.resolve("log.txt");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("index did not finish in 5 minutes: " + Files.readString(log));
    }
    String output = Files.readString(log);
    assertEquals(output, 0, p.exitValue());
    assertTrue(output, output.contains("indexed 100,000 vectors"));
    try (Directory d = FSDirectory.open(index);
        DirectoryReader reader = DirectoryReader.open(d)) {
      assertEquals(n, reader.numDocs());
      assertEquals(10, reader.leaves().size());
      assertEquals("d0", reader.storedFields().document(0).get("id"));
      assertEquals("d" + (n - 1), reader.storedFields().document(n - 1).get("id"));
    }
  }

  public void testLayoutsAndLimit() throws Exception {
    Path dir = createTempDir("stream");
    Path file = dir.resolve("vectors.jsonl");
    writeVectors(file, 3_000, 7);
    Path index = dir.resolve("index");

    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    assertEquals(
        err.toString(),
        0,
        run(
            err,
            out,
            "index",
            file.toString(),
            "--index",
            index.toString(),
            "--layout",
            "segments:3",
            "--limit",
            "2000"));
    try (Directory d = FSDirectory.open(index);
        DirectoryReader reader = DirectoryReader.open(d)) {
      assertEquals(2000, reader.numDocs());
      assertEquals(3, reader.leaves().size());
    }

    assertEquals(
        err.toString(),
        0,
        run(
            err,
            out,
            "index",
            file.toString(),
            "--index",
            index.toString(),
            "--layout",
            "natural",
            "--ram-buffer-mb",
            "1"));
    try (Directory d = FSDirectory.open(index);
        DirectoryReader reader = DirectoryReader.open(d)) {
      assertEquals(3000, reader.numDocs());
      assertTrue(reader.leaves().size() >= 1);
    }
  }

  /** A bad vector at the end of the file fails the command and keeps the previous index. */
  public void testBadVectorLateKeepsTheOldIndex() throws Exception {
    Path dir = createTempDir("stream");
    Path good = dir.resolve("good.jsonl");
    writeVectors(good, 500, 3);
    Path index = dir.resolve("index");
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    assertEquals(
        err.toString(), 0, run(err, out, "index", good.toString(), "--index", index.toString()));

    Path bad = dir.resolve("bad.jsonl");
    writeVectors(bad, 800, 4);
    Files.writeString(
        bad,
        "{\"id\": \"last\", \"vector\": {\"x\": -1.0}}\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    err = new StringWriter();
    assertEquals(1, run(err, out, "index", bad.toString(), "--index", index.toString()));
    assertTrue(err.toString(), err.toString().contains("line 801"));
    try (Directory d = FSDirectory.open(index);
        DirectoryReader reader = DirectoryReader.open(d)) {
      assertEquals("the old index is untouched", 500, reader.numDocs());
    }
    try (var files = Files.list(dir)) {
      assertTrue(
          "no staging folder is left",
          files.noneMatch(f -> f.getFileName().toString().endsWith(".building")));
    }
  }
}
