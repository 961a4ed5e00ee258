package dev.seismic.lucene.codecs;

import dev.seismic.lucene.document.SeismicVectorField;
import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.tests.store.BaseDirectoryWrapper;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

/**
 * Every file of ours has a codec header and a checksum footer; truncation is caught when a segment
 * opens (the meta file records each data file's length), and a flipped byte by {@code
 * checkIntegrity()} at the latest (what CheckIndex, merges and the engines' recoveries call).
 */
public class TestSeismicFileIntegrity extends LuceneTestCase {

  private static final String[] OUR_EXTENSIONS = {
    SeismicPostingsFormat.META_EXTENSION,
    SeismicPostingsFormat.TERMS_EXTENSION,
    SeismicPostingsFormat.FORWARD_EXTENSION,
    SeismicPostingsFormat.POSTINGS_EXTENSION,
    SeismicPostingsFormat.SUMMARIES_EXTENSION
  };

  private Directory buildIndex() throws IOException {
    BaseDirectoryWrapper dir = newDirectory();
    dir.setCheckIndexOnClose(false); // some tests corrupt it on purpose
    IndexWriterConfig config =
        newIndexWriterConfig()
            .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), "vec"))
            .setUseCompoundFile(false)
            .setMergePolicy(NoMergePolicy.INSTANCE);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (int i = 0; i < 300; i++) {
        Map<String, Float> v = new HashMap<>();
        for (int j = 0; j < 10; j++) {
          v.put("t" + random().nextInt(200), 0.1f + random().nextFloat());
        }
        Document doc = new Document();
        doc.add(new SeismicVectorField("vec", v));
        writer.addDocument(doc);
      }
    }
    return dir;
  }

  private static boolean isOurs(String file) {
    String ext = IndexFileNames.getExtension(file);
    for (String e : OUR_EXTENSIONS) {
      if (e.equals(ext)) {
        return true;
      }
    }
    return false;
  }

  public void testHeadersAndFooters() throws IOException {
    try (Directory dir = buildIndex()) {
      int ours = 0;
      for (String file : dir.listAll()) {
        if (!isOurs(file)) {
          continue;
        }
        ours++;
        try (IndexInput in = dir.openInput(file, IOContext.READONCE)) {
          assertEquals(file, CodecUtil.CODEC_MAGIC, CodecUtil.readBEInt(in));
          in.seek(0);
          CodecUtil.checksumEntireFile(in);
        }
      }
      assertTrue("files of ours: " + ours, ours > 0 && ours % OUR_EXTENSIONS.length == 0);
    }
  }

  public void testTruncationIsDetectedOnOpen() throws IOException {
    try (Directory dir = buildIndex()) {
      for (String victim : dir.listAll()) {
        if (!isOurs(victim)) {
          continue;
        }
        try (Directory copy = copyIndex(dir, victim, 1 + random().nextInt(20), -1)) {
          Exception e =
              expectThrowsAnyOf(
                  java.util.List.of(CorruptIndexException.class, EOFException.class),
                  () -> DirectoryReader.open(copy).close());
          assertNotNull(victim, e);
        }
      }
    }
  }

  public void testFlippedByteIsDetected() throws IOException {
    try (Directory dir = buildIndex()) {
      for (String victim : dir.listAll()) {
        if (!isOurs(victim)) {
          continue;
        }
        long length = dir.fileLength(victim);
        // Flip a byte after the header and before the footer.
        long at =
            Math.min(
                CodecUtil.indexHeaderLength("SeismicMeta", "")
                    + random().nextLong(Math.max(1, length - CodecUtil.footerLength() - 64)),
                length - CodecUtil.footerLength() - 1);
        try (Directory copy = copyIndex(dir, victim, 0, at)) {
          boolean detected = false;
          try (DirectoryReader reader = DirectoryReader.open(copy)) {
            CheckIndex.Status status;
            try (CheckIndex checker = new CheckIndex(copy)) {
              checker.setInfoStream(null);
              status = checker.checkIndex();
            }
            detected = !status.clean;
          } catch (CorruptIndexException | EOFException e) {
            detected = true;
          }
          assertTrue("a flipped byte in " + victim + " at " + at + " went unnoticed", detected);
        }
      }
    }
  }

  /** A copy of the index in which only {@code victim} is damaged. */
  private Directory copyIndex(Directory dir, String victim, int truncate, long flip)
      throws IOException {
    BaseDirectoryWrapper copy = newDirectory();
    copy.setCheckIndexOnClose(false);
    for (String file : dir.listAll()) {
      if (file.startsWith("write.lock") || file.startsWith("extra")) {
        continue;
      }
      boolean damaged = file.equals(victim);
      copy(dir, copy, file, damaged ? truncate : 0, damaged ? flip : -1);
    }
    return copy;
  }

  /** Copies a file, dropping its last {@code truncate} bytes and flipping the byte at {@code flip}. */
  private static void copy(Directory from, Directory to, String file, int truncate, long flip)
      throws IOException {
    try (IndexInput in = from.openInput(file, IOContext.READONCE);
        IndexOutput out = to.createOutput(file, IOContext.DEFAULT)) {
      long length = in.length() - truncate;
      for (long i = 0; i < length; i++) {
        byte b = in.readByte();
        out.writeByte(i == flip ? (byte) ~b : b);
      }
    }
  }
}
