package dev.seismic.lucene.codecs;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.search.RandomVectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.tests.store.BaseDirectoryWrapper;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.BytesRef;

/**
 * The structure validator catches what checksums cannot: each test rewrites one Seismic file of a
 * one-segment index with a single structural change and a recomputed checksum footer, checks that
 * Lucene's CheckIndex (checksums included) still calls the index clean, and that the validator
 * reports the change with the right segment, field, term, block and document (for the κ-NN graph:
 * document and row position). One test leaves the checksum as written, to show that a damaged graph
 * row is Lucene's to catch then.
 *
 * <p>Byte positions come from parsing the files by the format's grammar (package documentation):
 * with one field, each data file holds its lists right after the index header.
 */
public class TestSeismicCheckIndexCorruption extends LuceneTestCase {

  private static final String FIELD = "vec";
  private static final int NUM_DOCS = 300; // below 65,536: 2-byte documents and components

  /** λ = 20 and about 5 blocks per full list, so lists are pruned and blocked. */
  private static final BuildParams PARAMS = new BuildParams(1, 20, 0.25f, 0.5f, 0, 15);

  private Directory dir;
  private String segment;
  private List<String> terms; // by ordinal
  private List<int[]> postings; // by ordinal: the term's documents

  @Override
  public void setUp() throws Exception {
    super.setUp();
    build(200, PARAMS);
  }

  /** A one-segment index of {@link #NUM_DOCS} random vectors over {@code vocabulary} tokens. */
  private void build(int vocabulary, BuildParams params) throws IOException {
    build(vocabulary, params, false);
  }

  /**
   * As {@link #build(int, BuildParams)}; with {@code someWithoutVector}, the documents {@link
   * #withoutVector} names have no vector.
   */
  private void build(int vocabulary, BuildParams params, boolean someWithoutVector)
      throws IOException {
    BaseDirectoryWrapper d = newDirectory();
    d.setCheckIndexOnClose(false);
    dir = d;
    IndexWriterConfig config =
        new IndexWriterConfig() // not randomized: one flush, one segment, no compound file
            .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD))
            .setUseCompoundFile(false)
            .setMergePolicy(NoMergePolicy.INSTANCE);
    FieldType type = SeismicVectorField.fieldType(params);
    RandomVectors vectors = new RandomVectors(random(), vocabulary);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (int i = 0; i < NUM_DOCS; i++) {
        Document doc = new Document();
        if (!someWithoutVector || !withoutVector(i)) {
          doc.add(new SeismicVectorField(FIELD, vectors.next(FIELD, 20), type));
        }
        writer.addDocument(doc);
      }
    }
    terms = new ArrayList<>();
    postings = new ArrayList<>();
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      assertEquals(1, reader.leaves().size());
      segment =
          ((org.apache.lucene.index.SegmentReader) reader.leaves().get(0).reader())
              .getSegmentName();
      TermsEnum te = reader.leaves().get(0).reader().terms(FIELD).iterator();
      PostingsEnum pe = null;
      for (BytesRef t = te.next(); t != null; t = te.next()) {
        terms.add(t.utf8ToString());
        pe = te.postings(pe, PostingsEnum.NONE);
        List<Integer> docs = new ArrayList<>();
        for (int doc = pe.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = pe.nextDoc()) {
          docs.add(doc);
        }
        postings.add(docs.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      assertTrue("the intact index is clean", new SeismicCheckIndex().check(reader).clean());
    }
  }

  /** The documents without a vector, when an index is built with some. */
  private static boolean withoutVector(int doc) {
    return doc % 17 == 5;
  }

  @Override
  public void tearDown() throws Exception {
    dir.close();
    super.tearDown();
  }

  // ---- the files, parsed by the grammar ----

  private String file(String extension) throws IOException {
    for (String f : dir.listAll()) {
      if (extension.equals(IndexFileNames.getExtension(f))) {
        return f;
      }
    }
    throw new AssertionError("no ." + extension + " file");
  }

  private byte[] read(String file) throws IOException {
    try (IndexInput in = dir.openInput(file, IOContext.READONCE)) {
      byte[] bytes = new byte[(int) in.length()];
      in.readBytes(bytes, 0, bytes.length);
      return bytes;
    }
  }

  private int headerLength(String file) throws IOException {
    try (IndexInput in = dir.openInput(file, IOContext.READONCE)) {
      CodecUtil.readIndexHeader(in);
      return (int) in.getFilePointer();
    }
  }

  /** One pruned list: where its block ends and documents sit, and what they are. */
  private record PostingList(int ord, int endsAt, int docsAt, int[] ends, int[] docs) {}

  private List<PostingList> postingLists() throws IOException {
    String name = file(SeismicPostingsFormat.POSTINGS_EXTENSION);
    byte[] bytes = read(name);
    ByteArrayDataInput in = new ByteArrayDataInput(bytes);
    in.setPosition(headerLength(name));
    List<PostingList> lists = new ArrayList<>();
    for (int ord = 0; ord < terms.size(); ord++) {
      int n = in.readVInt();
      int nb = in.readVInt();
      int endsAt = in.getPosition();
      int[] ends = new int[nb];
      for (int b = 0; b < nb; b++) {
        ends[b] = in.readVInt();
      }
      int docsAt = in.getPosition();
      int[] docs = new int[n];
      for (int i = 0; i < n; i++) {
        docs[i] = in.readShort() & 0xFFFF; // 2 bytes per document below 65,537 documents
      }
      lists.add(new PostingList(ord, endsAt, docsAt, ends, docs));
    }
    return lists;
  }

  /**
   * One list's summaries: where Min sits, each entry's block and component, where the codes and
   * (transposed layout only, else -1) the block ids start.
   */
  private record Summaries(
      int ord, int minsAt, int[] blocks, int[] components, int blockIdsAt, int codesAt) {}

  private static int width(int max) {
    return max <= 0xFF ? 1 : max <= 0xFFFF ? 2 : 4;
  }

  private static int readUnsigned(ByteArrayDataInput in, int width) {
    return switch (width) {
      case 1 -> in.readByte() & 0xFF;
      case 2 -> in.readShort() & 0xFFFF;
      default -> in.readInt();
    };
  }

  /** Where the rank table starts, for lists whose summaries use the component bitmap. */
  private final java.util.Map<Integer, Integer> ranksAt = new java.util.HashMap<>();

  private List<Summaries> summaries() throws IOException {
    String name = file(SeismicPostingsFormat.SUMMARIES_EXTENSION);
    ByteArrayDataInput in = new ByteArrayDataInput(read(name));
    in.setPosition(headerLength(name));
    List<Summaries> lists = new ArrayList<>();
    for (int ord = 0; ord < terms.size(); ord++) {
      int nb = in.readVInt();
      byte layout = in.readByte();
      int nc = in.readVInt();
      int ne = in.readVInt();
      int minsAt = in.getPosition();
      in.setPosition(minsAt + 8 * nb);
      int endWidth = width(ne);
      int[] blocks = new int[ne];
      int[] components = new int[ne];
      int blockIdsAt = -1;
      if (layout == 0) { // by block
        int[] ends = new int[nb];
        for (int b = 0; b < nb; b++) {
          ends[b] = readUnsigned(in, endWidth);
        }
        for (int e = 0, b = 0; e < ne; e++) {
          while (e >= ends[b]) {
            b++;
          }
          blocks[e] = b;
          components[e] = in.readShort() & 0xFFFF;
        }
      } else { // by component: a list of components, or a bitmap and its ranks
        int[] comps = new int[nc];
        int[] ends = new int[nc];
        if (layout == 1) {
          for (int i = 0; i < nc; i++) {
            comps[i] = in.readShort() & 0xFFFF;
          }
        } else {
          int words = (terms.size() + 63) / 64;
          for (int w = 0, i = 0; w < words; w++) {
            for (long bits = in.readLong(); bits != 0; bits &= bits - 1) {
              comps[i++] = w * 64 + Long.numberOfTrailingZeros(bits);
            }
          }
          ranksAt.put(ord, in.getPosition());
          in.setPosition(in.getPosition() + words * width(nc));
        }
        for (int i = 0; i < nc; i++) {
          ends[i] = readUnsigned(in, endWidth);
        }
        blockIdsAt = in.getPosition();
        for (int e = 0, i = 0; e < ne; e++) {
          while (e >= ends[i]) {
            i++;
          }
          components[e] = comps[i];
          blocks[e] = readUnsigned(in, width(nb - 1));
        }
      }
      int codesAt = in.getPosition();
      in.setPosition(codesAt + ne);
      lists.add(new Summaries(ord, minsAt, blocks, components, blockIdsAt, codesAt));
    }
    return lists;
  }

  /** The κ-NN graph's rows (one field: they start right after the header; 2-byte ids). */
  private int[][] graphRows(int nknn) throws IOException {
    String name = file(SeismicPostingsFormat.GRAPH_EXTENSION);
    ByteArrayDataInput in = new ByteArrayDataInput(read(name));
    in.setPosition(headerLength(name));
    int[][] rows = new int[NUM_DOCS][nknn];
    for (int d = 0; d < NUM_DOCS; d++) {
      for (int i = 0; i < nknn; i++) {
        rows[d][i] = in.readShort() & 0xFFFF;
      }
    }
    assertEquals(
        "rows end at the footer", read(name).length - CodecUtil.footerLength(), in.getPosition());
    return rows;
  }

  /** Where entry {@code i} of row {@code d} sits in the graph file. */
  private int graphEntryAt(int nknn, int d, int i) throws IOException {
    return headerLength(file(SeismicPostingsFormat.GRAPH_EXTENSION)) + 2 * (d * nknn + i);
  }

  /** A row of a document with a vector whose κ entries are all neighbours (no padding). */
  private static int fullRow(int[][] rows) {
    for (int d = 0; d < rows.length; d++) {
      int doc = d;
      if (Arrays.stream(rows[d]).noneMatch(id -> id == doc)) {
        return d;
      }
    }
    throw new AssertionError("no full row");
  }

  private String label(int ord) {
    return "field \"" + FIELD + "\": term \"" + terms.get(ord) + "\" (ord " + ord + ")";
  }

  // ---- damaging a copy ----

  /**
   * A copy of the index in which {@code file} went through {@code edit} and got a new checksum
   * footer, so that checksums pass and only a structural check can tell.
   */
  private Directory damagedCopy(String file, Consumer<byte[]> edit) throws IOException {
    return damagedCopy(file, edit, true);
  }

  /** As {@link #damagedCopy(String, Consumer)}; without {@code fixChecksum} the footer stays. */
  private Directory damagedCopy(String file, Consumer<byte[]> edit, boolean fixChecksum)
      throws IOException {
    BaseDirectoryWrapper copy = newDirectory();
    copy.setCheckIndexOnClose(false);
    for (String f : dir.listAll()) {
      if (f.startsWith("write.lock") || f.startsWith("extra")) {
        continue;
      }
      byte[] bytes = read(f);
      try (IndexOutput out = copy.createOutput(f, IOContext.DEFAULT)) {
        if (f.equals(file)) {
          byte[] before = bytes.clone();
          edit.accept(bytes);
          assertFalse("the edit changed nothing", Arrays.equals(before, bytes));
          if (fixChecksum) {
            out.writeBytes(bytes, 0, bytes.length - CodecUtil.footerLength());
            CodecUtil.writeFooter(out);
          } else {
            out.writeBytes(bytes, 0, bytes.length);
          }
        } else {
          out.writeBytes(bytes, 0, bytes.length);
        }
      }
    }
    return copy;
  }

  /**
   * Lucene's CheckIndex, slow checks and checksums included, finds nothing; the validator reports a
   * problem containing every one of {@code expected}, and with fail-fast throws.
   */
  private void assertCaught(Directory copy, String... expected) throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (CheckIndex lucene = new CheckIndex(copy)) {
      lucene.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_SLOW_CHECKS);
      lucene.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8));
      assertTrue(log.toString(StandardCharsets.UTF_8), lucene.checkIndex().clean);
    }
    try (DirectoryReader reader = DirectoryReader.open(copy)) {
      SeismicCheckIndex.Status status = new SeismicCheckIndex().check(reader);
      assertFalse("the damage went unnoticed", status.clean());
      List<String> messages = status.fields().get(0).problems();
      if (VERBOSE) {
        messages.forEach(System.out::println);
      }
      boolean found =
          messages.stream().anyMatch(m -> Arrays.stream(expected).allMatch(m::contains));
      assertTrue("no message holds " + Arrays.toString(expected) + " among " + messages, found);
      assertTrue(messages.get(0), messages.get(0).startsWith("segment " + segment + ", "));
      CorruptIndexException e =
          expectThrows(
              CorruptIndexException.class,
              () -> new SeismicCheckIndex().setFailFast(true).check(reader));
      assertTrue(e.getMessage(), e.getMessage().contains("segment " + segment));
    }
    copy.close();
  }

  // ---- the damages ----

  public void testDocumentsOutOfOrderInABlock() throws IOException {
    for (PostingList list : postingLists()) {
      for (int b = 0, from = 0; b < list.ends.length; from = list.ends[b++]) {
        if (list.ends[b] - from < 2) {
          continue;
        }
        int first = list.docs[from];
        int second = list.docs[from + 1];
        int at = list.docsAt + 2 * from;
        Directory copy =
            damagedCopy(
                file(SeismicPostingsFormat.POSTINGS_EXTENSION),
                bytes -> {
                  writeShort(bytes, at, second);
                  writeShort(bytes, at + 2, first);
                });
        assertCaught(
            copy, label(list.ord) + ", block " + b + ", doc " + first + ": follows doc " + second);
        return;
      }
    }
    fail("no block of two documents");
  }

  public void testPostingOfADocumentWithoutTheTerm() throws IOException {
    PostingList list = postingLists().get(random().nextInt(terms.size()));
    int[] full = postings.get(list.ord);
    int stranger = 0;
    while (Arrays.binarySearch(full, stranger) >= 0) {
      stranger++;
    }
    assumeTrue("a term every document holds", stranger < NUM_DOCS);
    int victim = stranger;
    Directory copy =
        damagedCopy(
            file(SeismicPostingsFormat.POSTINGS_EXTENSION),
            bytes -> writeShort(bytes, list.docsAt, victim));
    assertCaught(
        copy,
        label(list.ord)
            + ", block 0, doc "
            + victim
            + ": the document's forward-index entry lacks the term");
  }

  public void testBlockEndsOutOfOrder() throws IOException {
    for (PostingList list : postingLists()) {
      if (list.ends.length < 2) {
        continue;
      }
      // Ends are below 128 (λ = 20): one byte each, so the edit keeps every other byte in place.
      int second = list.ends[1];
      Directory copy =
          damagedCopy(
              file(SeismicPostingsFormat.POSTINGS_EXTENSION),
              bytes -> bytes[list.endsAt] = (byte) second);
      assertCaught(
          copy, label(list.ord) + ", block 1: ends at posting " + second + " after " + second);
      return;
    }
    fail("no list of two blocks");
  }

  public void testSummaryCodeBelowTheMaximum() throws IOException {
    // The heaviest component of a block with a spread of values has code 255; 0 means Min.
    for (Summaries s : summaries()) {
      byte[] bytes = read(file(SeismicPostingsFormat.SUMMARIES_EXTENSION));
      for (int e = 0; e < s.blocks.length; e++) {
        if ((bytes[s.codesAt + e] & 0xFF) != 255) {
          continue;
        }
        int at = s.codesAt + e;
        Directory copy =
            damagedCopy(file(SeismicPostingsFormat.SUMMARIES_EXTENSION), b -> b[at] = 0);
        assertCaught(
            copy,
            label(s.ord)
                + ", block "
                + s.blocks[e]
                + ", component "
                + s.components[e]
                + ": summary value ",
            " is below the block's maximum ");
        return;
      }
    }
    fail("no summary code 255");
  }

  public void testSummaryBlockIdsOutOfOrder() throws IOException {
    // Few tokens, blocks of about two documents and full summaries: each component shows up in
    // most blocks of a list, where the transposed (by-component) layout is the smaller.
    dir.close();
    build(30, new BuildParams(1, 20, 0.5f, 1f, 0, 15));
    for (Summaries s : summaries()) {
      if (s.blockIdsAt < 0) {
        continue;
      }
      for (int e = 1; e < s.blocks.length; e++) {
        if (s.components[e] != s.components[e - 1]) {
          continue;
        }
        // Two entries of one component: swap their block ids (one byte each below 257 blocks).
        int at = s.blockIdsAt + e - 1;
        Directory copy =
            damagedCopy(
                file(SeismicPostingsFormat.SUMMARIES_EXTENSION),
                bytes -> {
                  byte first = bytes[at];
                  bytes[at] = bytes[at + 1];
                  bytes[at + 1] = first;
                });
        assertCaught(
            copy,
            label(s.ord)
                + ": summary component "
                + s.components[e]
                + " lists block "
                + s.blocks[e - 1]
                + " out of order");
        return;
      }
    }
    fail("no transposed summaries with a component in two blocks");
  }

  public void testSummaryBitmapRankChanged() throws IOException {
    // A small vocabulary: the component bitmap (one word) is smaller than a component list.
    dir.close();
    build(30, new BuildParams(1, 20, 0.5f, 1f, 0, 15));
    summaries();
    assertFalse("no list uses the component bitmap", ranksAt.isEmpty());
    int ord = ranksAt.keySet().iterator().next();
    int at = ranksAt.get(ord);
    Directory copy =
        damagedCopy(file(SeismicPostingsFormat.SUMMARIES_EXTENSION), bytes -> bytes[at] += 1);
    assertCaught(
        copy,
        label(ord)
            + ": the summary component bitmap's rank of word 0 is 1, its bits before it"
            + " count 0");
  }

  public void testSummaryMinChanged() throws IOException {
    Summaries s = summaries().get(random().nextInt(terms.size()));
    Directory copy =
        damagedCopy(
            file(SeismicPostingsFormat.SUMMARIES_EXTENSION),
            bytes -> {
              float min = Float.intBitsToFloat(readInt(bytes, s.minsAt));
              writeInt(bytes, s.minsAt, Float.floatToIntBits(min * 2));
            });
    assertCaught(copy, label(s.ord) + ", block 0: summary min ");
  }

  public void testForwardOffsetsOutOfOrder() throws IOException {
    String name = file(SeismicPostingsFormat.FORWARD_EXTENSION);
    // The offset table (maxDoc + 1 int64, little-endian) ends right before the footer; the offsets
    // are small, so changing an offset's low word changes the offset.
    int table = (int) dir.fileLength(name) - CodecUtil.footerLength() - 8 * (NUM_DOCS + 1);
    int doc = 1 + random().nextInt(NUM_DOCS - 2);
    Directory copy =
        damagedCopy(
            name,
            bytes -> writeInt(bytes, table + 8 * doc, readInt(bytes, table + 8 * (doc + 1)) + 1));
    assertCaught(copy, "field \"" + FIELD + "\": forward index, doc " + doc + ": offsets [");
  }

  public void testForwardValueDiffersFromPostings() throws IOException {
    String name = file(SeismicPostingsFormat.FORWARD_EXTENSION);
    // Entry 0 is document 0's first: the word (value << 16 | component), little-endian.
    int at = headerLength(name);
    byte[] bytes = read(name);
    int word = readInt(bytes, at);
    int component = word & 0xFFFF;
    int value = word >>> 16;
    int changed = value ^ 1; // the lowest mantissa bit: still a valid weight
    Directory copy = damagedCopy(name, b -> writeInt(b, at, changed << 16 | component));
    assertCaught(
        copy,
        label(component)
            + ", doc 0: the forward index holds value "
            + changed
            + ", the postings "
            + value);
  }

  // ---- the κ-NN graph ----

  private static final int NKNN = 4;

  /** A changed byte in the graph's rows, checksum left as written: Lucene's checks catch it. */
  public void testGraphChecksumCatchesADamagedRow() throws IOException {
    dir.close();
    build(200, PARAMS.withNknn(NKNN));
    int at = graphEntryAt(NKNN, random().nextInt(NUM_DOCS), random().nextInt(NKNN));
    try (Directory copy =
        damagedCopy(file(SeismicPostingsFormat.GRAPH_EXTENSION), b -> b[at] ^= 0x10, false)) {
      try (DirectoryReader reader = DirectoryReader.open(copy)) {
        expectThrows(
            CorruptIndexException.class, () -> reader.leaves().get(0).reader().checkIntegrity());
      }
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      try (CheckIndex lucene = new CheckIndex(copy)) {
        lucene.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8));
        assertFalse("CheckIndex missed a damaged graph", lucene.checkIndex().clean);
      }
      assertTrue(
          log.toString(StandardCharsets.UTF_8),
          log.toString(StandardCharsets.UTF_8).contains("checksum"));
    }
  }

  public void testGraphNeighbourBeyondMaxDoc() throws IOException {
    dir.close();
    build(200, PARAMS.withNknn(NKNN));
    int d = random().nextInt(NUM_DOCS);
    int at = graphEntryAt(NKNN, d, 0);
    Directory copy =
        damagedCopy(file(SeismicPostingsFormat.GRAPH_EXTENSION), b -> writeShort(b, at, 0xFFFF));
    assertCaught(
        copy,
        "field \""
            + FIELD
            + "\": knn graph, doc "
            + d
            + ", position 0: neighbour 65535 is not"
            + " a document of the "
            + NUM_DOCS);
  }

  public void testGraphNeighbourAfterThePadding() throws IOException {
    dir.close();
    build(200, PARAMS.withNknn(NKNN));
    int[][] rows = graphRows(NKNN);
    int d = fullRow(rows);
    int at = graphEntryAt(NKNN, d, 0);
    Directory copy =
        damagedCopy(file(SeismicPostingsFormat.GRAPH_EXTENSION), b -> writeShort(b, at, d));
    assertCaught(
        copy,
        "knn graph, doc "
            + d
            + ", position 1: neighbour "
            + rows[d][1]
            + " after the row's"
            + " padding (the document's own id) began at position 0");
  }

  public void testGraphNeighbourListedTwice() throws IOException {
    dir.close();
    build(200, PARAMS.withNknn(NKNN));
    int[][] rows = graphRows(NKNN);
    int d = fullRow(rows);
    int at = graphEntryAt(NKNN, d, NKNN - 1);
    Directory copy =
        damagedCopy(
            file(SeismicPostingsFormat.GRAPH_EXTENSION), b -> writeShort(b, at, rows[d][0]));
    assertCaught(
        copy,
        "knn graph, doc "
            + d
            + ", position "
            + (NKNN - 1)
            + ": neighbour "
            + rows[d][0]
            + " listed twice");
  }

  public void testGraphRowOfADocumentWithoutAVector() throws IOException {
    dir.close();
    build(200, PARAMS.withNknn(NKNN), true);
    int[][] rows = graphRows(NKNN);
    int d = 5;
    assertTrue(withoutVector(d));
    for (int id : rows[d]) {
      assertEquals("the row of a document without a vector is padding", d, id);
    }
    int at = graphEntryAt(NKNN, d, 0);
    Directory copy =
        damagedCopy(file(SeismicPostingsFormat.GRAPH_EXTENSION), b -> writeShort(b, at, 6));
    assertCaught(copy, "knn graph, doc 5, position 0: neighbour 6 of a document without a vector");
  }

  public void testGraphNeighbourWithoutAVector() throws IOException {
    dir.close();
    build(200, PARAMS.withNknn(NKNN), true);
    int[][] rows = graphRows(NKNN);
    int d = fullRow(rows);
    int at = graphEntryAt(NKNN, d, NKNN - 1);
    Directory copy =
        damagedCopy(file(SeismicPostingsFormat.GRAPH_EXTENSION), b -> writeShort(b, at, 5));
    assertCaught(
        copy, "knn graph, doc " + d + ", position " + (NKNN - 1) + ": neighbour 5 has no vector");
  }

  /** Two neighbours of clearly different inner products swapped: the sampled scoring sees it. */
  public void testGraphNeighboursOutOfOrder() throws IOException {
    dir.close();
    build(200, PARAMS.withNknn(NKNN));
    int[][] rows = graphRows(NKNN);
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      FieldIndex index = SeismicTerms.get(reader.leaves().get(0).reader(), FIELD);
      ForwardIndex.Cursor cursor = index.forward().cursor();
      for (int d = 0; d < NUM_DOCS; d++) {
        int doc = d;
        if (Arrays.stream(rows[d]).anyMatch(id -> id == doc)) {
          continue;
        }
        float[] dense = new float[index.terms().size()];
        cursor.load(d);
        for (int i = 0; i < cursor.length(); i++) {
          dense[cursor.component(i)] = SeismicVectorField.decodeWeight(cursor.value(i));
        }
        float best = cursor.dot(rows[d][0], dense);
        float second = cursor.dot(rows[d][1], dense);
        if (!(best > second * 1.01f)) {
          continue;
        }
        int at = graphEntryAt(NKNN, d, 0);
        Directory copy =
            damagedCopy(
                file(SeismicPostingsFormat.GRAPH_EXTENSION),
                b -> {
                  writeShort(b, at, rows[doc][1]);
                  writeShort(b, at + 2, rows[doc][0]);
                });
        assertCaught(
            copy,
            "knn graph, doc " + d + ", position 1: neighbour " + rows[d][0] + " has inner product ",
            " of neighbour " + rows[d][1] + " at position 0; neighbours come best first");
        return;
      }
    }
    fail("no full row with a clearly best first neighbour");
  }

  private static void writeShort(byte[] bytes, int at, int value) {
    bytes[at] = (byte) value;
    bytes[at + 1] = (byte) (value >>> 8);
  }

  private static int readInt(byte[] bytes, int at) {
    return (bytes[at] & 0xFF)
        | (bytes[at + 1] & 0xFF) << 8
        | (bytes[at + 2] & 0xFF) << 16
        | (bytes[at + 3] & 0xFF) << 24;
  }

  private static void writeInt(byte[] bytes, int at, int value) {
    for (int i = 0; i < 4; i++) {
      bytes[at + i] = (byte) (value >>> (8 * i));
    }
  }
}
