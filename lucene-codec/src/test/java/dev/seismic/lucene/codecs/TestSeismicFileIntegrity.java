package dev.seismic.lucene.codecs;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.tests.store.BaseDirectoryWrapper;
import org.apache.lucene.tests.store.MockDirectoryWrapper;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.LuceneTestCase.SuppressFileSystems;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.StringHelper;

/**
 * Lucene's all-files checks ({@code TestAllFilesHaveCodecHeader}, {@code ...HaveChecksumFooter},
 * {@code ...CheckIndexHeader}, {@code ...DetectTruncation}, {@code ...DetectMismatchedChecksum},
 * {@code ...DetectBitFlips}) narrowed to the files of our format: each carries an index header
 * bound to its segment and a checksum footer; a broken header or a truncation is caught when the
 * segment opens (the meta file records each data file's length); a flipped bit anywhere is caught
 * by {@code checkIntegrity()} at the latest, which is what CheckIndex, merges and the engines'
 * recoveries call. The delegate's files are Lucene's concern and are left intact.
 */
// ExtrasFS adds files no segment references; they would only add noise to the copies.
@SuppressFileSystems("ExtrasFS")
public class TestSeismicFileIntegrity extends LuceneTestCase {

  private static final Map<String, String> CODEC_BY_EXTENSION =
      Map.of(
          SeismicPostingsFormat.META_EXTENSION, SeismicPostingsFormat.META_CODEC,
          SeismicPostingsFormat.TERMS_EXTENSION, SeismicPostingsFormat.TERMS_CODEC,
          SeismicPostingsFormat.FORWARD_EXTENSION, SeismicPostingsFormat.FORWARD_CODEC,
          SeismicPostingsFormat.POSTINGS_EXTENSION, SeismicPostingsFormat.POSTINGS_CODEC,
          SeismicPostingsFormat.SUMMARIES_EXTENSION, SeismicPostingsFormat.SUMMARIES_CODEC,
          SeismicPostingsFormat.GRAPH_EXTENSION, SeismicPostingsFormat.GRAPH_CODEC);

  /** One file of ours, with what its header must hold. */
  private record OurFile(String name, String codec, byte[] segmentId, String suffix) {}

  /**
   * A few segments (with deletes, two Seismic fields, documents lacking them) without compound
   * files, so that each of our files can be damaged on its own. The second field has a κ-NN graph,
   * so the graph file holds rows, not only its header and footer.
   */
  private Directory buildIndex() throws IOException {
    FieldType withGraph =
        SeismicVectorField.fieldType(
            BuildParams.DEFAULTS.withNknn(TestUtil.nextInt(random(), 1, 6)));
    BaseDirectoryWrapper dir = newDirectory();
    IndexWriterConfig config =
        newIndexWriterConfig()
            .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), "vec", "vec2"))
            .setUseCompoundFile(false)
            .setMaxBufferedDocs(TestUtil.nextInt(random(), 40, 200))
            // Lucene's mock random policy makes compound files whatever the ratio says.
            .setMergePolicy(newMergePolicy(random(), false));
    config.getMergePolicy().setNoCFSRatio(0.0);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      int numDocs = TestUtil.nextInt(random(), 150, 300);
      for (int i = 0; i < numDocs; i++) {
        Document doc = new Document();
        doc.add(new StringField("id", Integer.toString(i), Field.Store.NO));
        if (random().nextInt(10) != 0) {
          doc.add(new SeismicVectorField("vec", randomVector(200)));
        }
        if (random().nextInt(3) == 0) {
          doc.add(
              new SeismicVectorField("vec2", SparseVector.of("vec2", randomVector(50)), withGraph));
        }
        writer.addDocument(doc);
        if (random().nextInt(20) == 0) {
          writer.deleteDocuments(new Term("id", Integer.toString(random().nextInt(i + 1))));
        }
        if (random().nextInt(100) == 0) {
          writer.commit();
        }
      }
      if (random().nextInt(4) == 0) {
        writer.forceMerge(1);
      }
    }
    return dir;
  }

  private static Map<String, Float> randomVector(int vocabulary) {
    Map<String, Float> v = new HashMap<>();
    int n = TestUtil.nextInt(random(), 1, 20);
    for (int j = 0; j < n; j++) {
      v.put("t" + random().nextInt(vocabulary), 0.01f + 3 * random().nextFloat());
    }
    return v;
  }

  /** Our files in the latest commit, with the segment id and suffix their headers must hold. */
  private static List<OurFile> ourFiles(Directory dir) throws IOException {
    List<OurFile> files = new ArrayList<>();
    for (SegmentCommitInfo info : SegmentInfos.readLatestCommit(dir)) {
      // A segment with a Seismic field has all six files, once; a segment whose documents all
      // lack the fields (a one-document flush, say) has none.
      TreeSet<String> extensions = new TreeSet<>();
      for (String file : info.files()) {
        String extension = IndexFileNames.getExtension(file);
        String codec = CODEC_BY_EXTENSION.get(extension);
        if (codec == null) {
          continue;
        }
        assertTrue("two " + extension + " files in " + info, extensions.add(extension));
        // "_3_Seismic10_0.smt" -> "Seismic10_0": the per-field format's suffix.
        String stripped = IndexFileNames.stripSegmentName(file);
        String suffix = stripped.substring(1, stripped.length() - extension.length() - 1);
        files.add(new OurFile(file, codec, info.info.getId(), suffix));
      }
      if (!extensions.isEmpty()) {
        assertEquals("files of ours in " + info, CODEC_BY_EXTENSION.keySet(), extensions);
      }
    }
    assertFalse(files.isEmpty());
    return files;
  }

  public void testEveryFileHasIndexHeaderAndFooter() throws IOException {
    try (Directory dir = buildIndex()) {
      for (OurFile file : ourFiles(dir)) {
        try (IndexInput in = dir.openInput(file.name, IOContext.READONCE)) {
          CodecUtil.checkIndexHeader(
              in,
              file.codec,
              SeismicPostingsFormat.VERSION_START,
              SeismicPostingsFormat.VERSION_CURRENT,
              file.segmentId,
              file.suffix);
          CodecUtil.checksumEntireFile(in);
        }
        // The header binds the file to its segment: another segment's id must be refused.
        byte[] otherId = StringHelper.randomId();
        try (IndexInput in = dir.openInput(file.name, IOContext.READONCE)) {
          expectThrows(
              CorruptIndexException.class,
              () ->
                  CodecUtil.checkIndexHeader(
                      in,
                      file.codec,
                      SeismicPostingsFormat.VERSION_START,
                      SeismicPostingsFormat.VERSION_CURRENT,
                      otherId,
                      file.suffix));
        }
      }
    }
  }

  /** Random bytes over the start of a file: opening the segment must refuse it. */
  public void testBrokenHeaderIsDetectedOnOpen() throws IOException {
    try (Directory dir = buildIndex()) {
      for (OurFile file : ourFiles(dir)) {
        long length = dir.fileLength(file.name);
        int broken = TestUtil.nextInt(random(), 1, (int) Math.min(100, length));
        byte[] bytes = new byte[broken];
        byte[] original = new byte[broken];
        try (IndexInput in = dir.openInput(file.name, IOContext.READONCE)) {
          in.readBytes(original, 0, broken);
        }
        do {
          random().nextBytes(bytes);
        } while (java.util.Arrays.equals(bytes, original));
        try (Directory copy = copyWith(dir, file.name, length, -1, bytes)) {
          Exception e =
              expectThrowsAnyOf(
                  List.of(
                      CorruptIndexException.class,
                      EOFException.class,
                      IndexFormatTooOldException.class,
                      IndexFormatTooNewException.class),
                  () -> DirectoryReader.open(copy).close());
          assertNotNull(file.name, e);
        }
      }
    }
  }

  /**
   * Truncation to any length, from an empty file to one byte short, is refused when the segment
   * opens, and CheckIndex reports it as corruption.
   */
  public void testTruncationIsDetected() throws IOException {
    try (Directory dir = buildIndex()) {
      for (OurFile file : ourFiles(dir)) {
        long length = dir.fileLength(file.name);
        List<Long> lengths = new ArrayList<>(List.of(0L, length - 1));
        // Somewhere in the footer, and anywhere at all.
        lengths.add(length - TestUtil.nextInt(random(), 1, CodecUtil.footerLength()));
        for (int i = 0; i < 2; i++) {
          lengths.add(TestUtil.nextLong(random(), 0, length - 1));
        }
        for (long truncated : lengths) {
          try (Directory copy = copyWith(dir, file.name, truncated, -1, null)) {
            String what = file.name + " truncated to " + truncated + " of " + length + " bytes";
            Exception e =
                expectThrowsAnyOf(
                    List.of(CorruptIndexException.class, EOFException.class),
                    () -> DirectoryReader.open(copy).close());
            assertNotNull(what, e);
            e =
                expectThrowsAnyOf(
                    List.of(CorruptIndexException.class, EOFException.class),
                    () ->
                        TestUtil.checkIndex(
                            copy,
                            CheckIndex.Level.MIN_LEVEL_FOR_INTEGRITY_CHECKS,
                            true,
                            false,
                            new ByteArrayOutputStream()));
            assertNotNull(what, e);
          }
        }
      }
    }
  }

  /**
   * One flipped bit anywhere in one of our files: opening the segment or its {@code
   * checkIntegrity()} must report corruption (a {@link CorruptIndexException}, possibly attached to
   * another failure as the checksum verdict, or a refused header version), and CheckIndex must find
   * the index unclean. At least one bit per file lands in the stored checksum, which only the full
   * verification can notice.
   */
  public void testFlippedBitIsDetected() throws IOException {
    try (Directory dir = buildIndex()) {
      for (OurFile file : ourFiles(dir)) {
        long length = dir.fileLength(file.name);
        List<Long> positions = new ArrayList<>();
        positions.add(length - 1 - random().nextInt(8)); // the checksum's low bytes
        int more = atLeast(2);
        for (int i = 0; i < more; i++) {
          positions.add(TestUtil.nextLong(random(), 0, length - 1));
        }
        for (long at : positions) {
          int bit = random().nextInt(8);
          String what = file.name + ": bit " + bit + " of byte " + at + " of " + length;
          try (Directory copy = copyWith(dir, file.name, length, at, null, bit)) {
            Throwable e =
                expectThrows(
                    Throwable.class,
                    () -> {
                      try (DirectoryReader reader = DirectoryReader.open(copy)) {
                        for (LeafReaderContext context : reader.leaves()) {
                          context.reader().checkIntegrity();
                        }
                      }
                    });
            if (!reportsCorruption(e)) {
              throw new AssertionError(what + " was not reported as corruption", e);
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            CheckIndex.Status status;
            try (CheckIndex checker = new CheckIndex(copy)) {
              checker.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8));
              status = checker.checkIndex();
            }
            assertFalse(what + " went unnoticed by CheckIndex:\n" + log, status.clean);
          }
        }
      }
    }
  }

  /** Whether a failure says "corrupt": itself, its causes or what is attached to them. */
  private static boolean reportsCorruption(Throwable t) {
    if (t == null) {
      return false;
    }
    if (t instanceof CorruptIndexException
        || t instanceof IndexFormatTooOldException
        || t instanceof IndexFormatTooNewException) {
      return true;
    }
    for (Throwable suppressed : t.getSuppressed()) {
      if (reportsCorruption(suppressed)) {
        return true;
      }
    }
    return reportsCorruption(t.getCause());
  }

  private Directory copyWith(Directory dir, String victim, long length, long flipAt, byte[] head)
      throws IOException {
    return copyWith(dir, victim, length, flipAt, head, 0);
  }

  /**
   * A copy of the index in which only {@code victim} is damaged: cut to {@code length} bytes, the
   * bit {@code bit} of byte {@code flipAt} flipped (unless negative), and its first bytes replaced
   * by {@code head} (unless null). A RAM directory, as in Lucene's checks: broken files must be
   * deletable.
   */
  private Directory copyWith(
      Directory dir, String victim, long length, long flipAt, byte[] head, int bit)
      throws IOException {
    MockDirectoryWrapper copy = new MockDirectoryWrapper(random(), new ByteBuffersDirectory());
    copy.setCheckIndexOnClose(false); // damaged on purpose
    for (String file : dir.listAll()) {
      if (file.equals(IndexWriter.WRITE_LOCK_NAME)) {
        continue;
      }
      if (!file.equals(victim)) {
        copy.copyFrom(dir, file, file, IOContext.DEFAULT);
        continue;
      }
      try (IndexInput in = dir.openInput(file, IOContext.READONCE);
          IndexOutput out = copy.createOutput(file, IOContext.DEFAULT)) {
        for (long i = 0; i < length; i++) {
          byte b = in.readByte();
          if (head != null && i < head.length) {
            b = head[(int) i];
          }
          if (i == flipAt) {
            b ^= (byte) (1 << bit);
          }
          out.writeByte(b);
        }
      }
    }
    return copy;
  }
}
