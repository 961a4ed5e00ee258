package dev.seismic.bench.cli;

import dev.seismic.bench.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import picocli.CommandLine;

/** The check command through the tool's entry point: clean, damaged, and wrong arguments. */
@LuceneTestCase.SuppressSysoutChecks(bugUrl = "the index command prints a summary line")
public class CheckCommandTest extends LuceneTestCase {

  private Path index;

  @Override
  public void setUp() throws Exception {
    super.setUp();
    Path docs = createTempDir("cli").resolve("docs.jsonl");
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      d.append(
          String.format(
              Locale.ROOT,
              "{\"id\": \"doc%d\", \"content\": \"\", \"vector\": {\"a%d\": %.2f, \"b%d\": 1.5,"
                  + " \"common\": 0.1}}%n",
              i,
              i % 17,
              0.5 + (i % 7),
              i % 5));
    }
    Files.writeString(docs, d.toString(), StandardCharsets.UTF_8);
    index = createTempDir("idx").resolve("index");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(
        err.toString(), 0, run(out, err, "index", docs.toString(), "--index", index.toString()));
  }

  private static int run(StringWriter out, StringWriter err, String... args) {
    Codec saved = Codec.getDefault();
    Codec.setDefault(TestUtil.getDefaultCodec());
    try {
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      return cl.execute(args);
    } finally {
      Codec.setDefault(saved);
    }
  }

  public void testCleanIndex() {
    for (String[] extra : new String[][] {{}, {"--field", "vector"}}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String[] args = new String[2 + extra.length + 1];
      args[0] = "check";
      args[1] = "--index";
      args[2] = index.toString();
      System.arraycopy(extra, 0, args, 3, extra.length);
      assertEquals(out + "\n" + err, 0, run(out, err, args));
      String s = out.toString();
      assertTrue(s, s.contains("Lucene CheckIndex: clean"));
      assertTrue(s, s.contains("Seismic field \"vector\", segment "));
      assertTrue(s, s.contains("200 docs"));
      assertTrue(s, s.contains(": ok"));
      assertFalse("no graph, no graph figures: " + s, s.contains("knn graph"));
      assertTrue(s, s.contains("Seismic structures: clean"));
      assertEquals("", err.toString());
    }
  }

  /**
   * A summary's Min doubled, with the checksum footer recomputed: CheckIndex passes, the validator
   * must not.
   */
  public void testDamageBehindAValidChecksum() throws Exception {
    try (FSDirectory dir = FSDirectory.open(index)) {
      String victim = null;
      for (String f : dir.listAll()) {
        if (f.endsWith(".ssm")) {
          victim = f;
        }
      }
      assertNotNull(victim);
      byte[] bytes;
      int minAt;
      try (IndexInput in = dir.openInput(victim, IOContext.READONCE)) {
        bytes = new byte[(int) in.length()];
        in.readBytes(bytes, 0, bytes.length);
        in.seek(0);
        CodecUtil.readIndexHeader(in);
        // The first list's summaries: NumBlocks, Layout, NumComponents, NumEntries, then Min[0].
        in.readVInt();
        in.readByte();
        in.readVInt();
        in.readVInt();
        minAt = (int) in.getFilePointer();
      }
      int bits =
          (bytes[minAt] & 0xFF)
              | (bytes[minAt + 1] & 0xFF) << 8
              | (bytes[minAt + 2] & 0xFF) << 16
              | (bytes[minAt + 3] & 0xFF) << 24;
      int doubled = Float.floatToIntBits(2 * Float.intBitsToFloat(bits));
      for (int i = 0; i < 4; i++) {
        bytes[minAt + i] = (byte) (doubled >>> (8 * i));
      }
      dir.deleteFile(victim);
      try (IndexOutput out = dir.createOutput(victim, IOContext.DEFAULT)) {
        out.writeBytes(bytes, 0, bytes.length - CodecUtil.footerLength());
        CodecUtil.writeFooter(out);
      }
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(out.toString(), 1, run(out, err, "check", "--index", index.toString()));
    String s = out.toString();
    assertTrue(s, s.contains("Lucene CheckIndex: clean"));
    assertTrue(s, s.contains("block 0: summary min "));
    assertTrue(s, s.contains("Seismic structures: "));
    assertTrue(err.toString(), err.toString().startsWith("error: the index is damaged"));
  }

  /**
   * An index with a κ-NN graph: the check reports the graph's rows; a row with an id beyond the
   * segment, behind a recomputed checksum, is found and named.
   */
  public void testGraph() throws Exception {
    Path docs = createTempDir("cli").resolve("docs.jsonl");
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      d.append(
          String.format(
              Locale.ROOT,
              "{\"id\": \"doc%d\", \"content\": \"\", \"vector\": {\"a%d\": %.2f, \"b%d\": 1.5}}%n",
              i,
              i % 17,
              0.5 + (i % 7),
              i % 5));
    }
    Files.writeString(docs, d.toString(), StandardCharsets.UTF_8);
    Path graphIndex = createTempDir("idx").resolve("index");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(
        err.toString(),
        0,
        run(out, err, "index", docs.toString(), "--index", graphIndex.toString(), "--nknn", "3"));
    out = new StringWriter();
    assertEquals(out + "\n" + err, 0, run(out, err, "check", "--index", graphIndex.toString()));
    assertTrue(out.toString(), out.toString().contains(", knn graph (nknn 3): 200 rows, "));

    try (FSDirectory dir = FSDirectory.open(graphIndex)) {
      String victim = null;
      for (String f : dir.listAll()) {
        if (f.endsWith(".skg")) {
          victim = f;
        }
      }
      assertNotNull(victim);
      byte[] bytes;
      int rowsAt;
      try (IndexInput in = dir.openInput(victim, IOContext.READONCE)) {
        bytes = new byte[(int) in.length()];
        in.readBytes(bytes, 0, bytes.length);
        in.seek(0);
        CodecUtil.readIndexHeader(in);
        rowsAt = (int) in.getFilePointer(); // one field: its rows follow the header
      }
      bytes[rowsAt] = (byte) 0xFF; // doc 0's first neighbour: 2-byte ids, little-endian
      bytes[rowsAt + 1] = (byte) 0xFF;
      dir.deleteFile(victim);
      try (IndexOutput o = dir.createOutput(victim, IOContext.DEFAULT)) {
        o.writeBytes(bytes, 0, bytes.length - CodecUtil.footerLength());
        CodecUtil.writeFooter(o);
      }
    }
    out = new StringWriter();
    err = new StringWriter();
    assertEquals(out.toString(), 1, run(out, err, "check", "--index", graphIndex.toString()));
    String s = out.toString();
    assertTrue(s, s.contains("Lucene CheckIndex: clean"));
    assertTrue(
        s,
        s.contains("knn graph, doc 0, position 0: neighbour 65535 is not a document of the 200"));
    assertTrue(err.toString(), err.toString().startsWith("error: the index is damaged"));
  }

  public void testClearErrors() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path missing = createTempDir("m").resolve("nope");
    assertEquals(1, run(out, err, "check", "--index", missing.toString()));
    assertTrue(
        err.toString(), err.toString().startsWith("error: ") && err.toString().contains("nope"));

    err = new StringWriter();
    assertEquals(1, run(out, err, "check", "--index", createTempDir("empty").toString()));
    assertTrue(err.toString(), err.toString().contains("no Lucene index"));

    for (String notSeismic : new String[] {"id", "absent"}) { // stored only; not in the index
      err = new StringWriter();
      assertEquals(1, run(out, err, "check", "--index", index.toString(), "--field", notSeismic));
      assertTrue(err.toString(), err.toString().contains("has no Seismic structures"));
    }

    err = new StringWriter();
    assertEquals(2, run(out, err, "check"));
    assertTrue(err.toString(), err.toString().contains("--index"));
  }

  public void testHelp() {
    StringWriter out = new StringWriter();
    assertEquals(0, run(out, new StringWriter(), "check", "--help"));
    assertTrue(out.toString(), out.toString().contains("Usage: seismic check"));
    assertTrue(out.toString(), out.toString().contains("--field"));
  }
}
