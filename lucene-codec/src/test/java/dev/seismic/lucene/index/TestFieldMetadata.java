package dev.seismic.lucene.index;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.index.FieldMetadata.ForwardMeta;
import dev.seismic.lucene.index.FieldMetadata.GraphMeta;
import dev.seismic.lucene.index.FieldMetadata.InvertedMeta;
import dev.seismic.lucene.index.FieldMetadata.ListTable;
import dev.seismic.lucene.index.FieldMetadata.TermsMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DocValuesSkipIndexType;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.util.BytesRef;

/**
 * A field's entry in the meta file reads back as it was written, and a damaged or cut entry is
 * refused with a message naming the field and the problem.
 */
public class TestFieldMetadata extends LuceneTestCase {

  private static final int NUMBER = 3;
  private static final FieldInfos FIELD_INFOS =
      new FieldInfos(
          new FieldInfo[] {
            new FieldInfo(
                "vec",
                NUMBER,
                false,
                true,
                false,
                IndexOptions.DOCS_AND_FREQS,
                DocValuesType.NONE,
                DocValuesSkipIndexType.NONE,
                -1,
                Map.of(),
                0,
                0,
                0,
                0,
                VectorEncoding.FLOAT32,
                VectorSimilarityFunction.EUCLIDEAN,
                false,
                false)
          });

  public void testRoundTrip() throws IOException {
    for (int round = 0; round < 100; round++) {
      int maxDoc = 1 + random().nextInt(round % 2 == 0 ? 100 : 1_000_000);
      int numTerms =
          switch (round % 4) {
            case 0 -> 0;
            case 1 -> 1 + random().nextInt(100);
            // Past 65,536 terms: 4-byte components, two blocks of offsets' metadata.
            case 2 -> 65_536 + random().nextInt(100_000);
            default -> 1 + random().nextInt(1 << 20);
          };
      FieldMetadata metadata = randomMetadata(numTerms, maxDoc);
      byte[] bytes = bytes(metadata);
      ByteBuffersDataInput in = input(bytes, bytes.length);
      assertEquals(metadata, FieldMetadata.read(in, FIELD_INFOS, maxDoc));
      assertNull("the end of the fields", FieldMetadata.read(in, FIELD_INFOS, maxDoc));
      assertEquals(bytes.length, in.position());
    }
  }

  /**
   * An entry cut anywhere is refused, as one that ends early, naming its field once it is known.
   */
  public void testTruncated() throws IOException {
    int maxDoc = 1000;
    FieldMetadata metadata = randomMetadata(70_000, maxDoc);
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    metadata.write(out);
    byte[] bytes = out.toArrayCopy();
    for (int length = 0; length < bytes.length; length++) {
      ByteBuffersDataInput in = input(bytes, length);
      CorruptIndexException e =
          expectThrows(
              CorruptIndexException.class, () -> FieldMetadata.read(in, FIELD_INFOS, maxDoc));
      String message = e.getMessage();
      if (length == 0) {
        assertTrue(message, message.contains("ends before the end of its fields"));
      } else {
        assertTrue(message, message.contains("field \"vec\": the meta file ends within its entry"));
      }
    }
  }

  public void testUnknownFieldNumber() throws IOException {
    FieldMetadata metadata = randomMetadata(10, 10);
    for (int number : new int[] {NUMBER + 1, -2}) {
      FieldMetadata other =
          new FieldMetadata(
              number,
              metadata.params(),
              metadata.terms(),
              metadata.forward(),
              metadata.inverted(),
              metadata.graph(),
              metadata.stats());
      assertRefused(other, 10, "unknown field number " + number);
    }
  }

  public void testTooFewSlotsForTheTerms() throws IOException {
    FieldMetadata metadata = randomMetadata(100, 10);
    TermsMeta terms = metadata.terms();
    // 128 slots for 100 terms would be more than half full.
    TermsMeta crowded = new TermsMeta(100, terms.bytesStart(), terms.bytesLength(), 7);
    assertRefused(
        with(metadata, crowded, metadata.forward()),
        10,
        "field \"vec\": term dictionary of 7 slot bits for 100 terms");
  }

  public void testNegativeNumberOfTerms() throws IOException {
    FieldMetadata metadata = randomMetadata(100, 10);
    assertRefused(
        with(metadata, new TermsMeta(-5, 0, 0, 0), metadata.forward()),
        10,
        "field \"vec\": -5 terms");
  }

  public void testComponentWidthNotThatOfTheVocabulary() throws IOException {
    FieldMetadata metadata = randomMetadata(100, 10);
    ForwardMeta forward = metadata.forward();
    ForwardMeta wide =
        new ForwardMeta(
            4,
            forward.entriesStart(),
            forward.entriesLength(),
            forward.offsetsStart(),
            forward.offsetsLength());
    assertRefused(
        with(metadata, metadata.terms(), wide),
        10,
        "field \"vec\": forward index of 4-byte components for 100 terms");
  }

  public void testOffsetTableNotSizedForTheDocuments() throws IOException {
    FieldMetadata metadata = randomMetadata(100, 10);
    // Written for 10 documents, read for 11.
    assertRefused(
        metadata, 11, "field \"vec\": forward-index offset table of 88 bytes for 11 documents");
  }

  public void testStatisticsCountOtherTerms() throws IOException {
    FieldMetadata metadata = randomMetadata(100, 10);
    FieldStats s = metadata.stats();
    FieldStats other =
        new FieldStats(
            101,
            s.docsWithVector(),
            s.numEntries(),
            s.postingsPerList(),
            s.numPostings(),
            s.numBlocks(),
            s.numSummaryEntries());
    assertRefused(
        new FieldMetadata(
            NUMBER,
            metadata.params(),
            metadata.terms(),
            metadata.forward(),
            metadata.inverted(),
            metadata.graph(),
            other),
        10,
        "field \"vec\": the statistics record 101 terms, the term dictionary 100");
  }

  public void testParameterOutOfRange() throws IOException {
    FieldMetadata metadata = randomMetadata(100, 10);
    byte[] bytes = bytes(metadata);
    // CentroidFraction follows the field number and two VInts; 0 is out of its range (0, 1].
    ByteBuffersDataOutput prefix = new ByteBuffersDataOutput();
    prefix.writeVInt(NUMBER);
    prefix.writeVInt(metadata.params().nPostings());
    prefix.writeVInt(metadata.params().minPostings());
    int at = Math.toIntExact(prefix.size());
    for (int i = 0; i < Integer.BYTES; i++) {
      bytes[at + i] = 0;
    }
    CorruptIndexException e =
        expectThrows(
            CorruptIndexException.class,
            () -> FieldMetadata.read(input(bytes, bytes.length), FIELD_INFOS, 10));
    assertTrue(e.getMessage(), e.getMessage().contains("field \"vec\": "));
    assertTrue(e.getMessage(), e.getMessage().contains(BuildParams.CENTROID_FRACTION));
  }

  private static void assertRefused(FieldMetadata metadata, int maxDoc, String expected)
      throws IOException {
    byte[] bytes = bytes(metadata);
    CorruptIndexException e =
        expectThrows(
            CorruptIndexException.class,
            () -> FieldMetadata.read(input(bytes, bytes.length), FIELD_INFOS, maxDoc));
    assertTrue(e.getMessage(), e.getMessage().contains(expected));
  }

  /** The first {@code length} bytes, which end as a file would (reading past them is an EOF). */
  private static ByteBuffersDataInput input(byte[] bytes, int length) {
    return new ByteBuffersDataInput(List.of(ByteBuffer.wrap(bytes, 0, length)));
  }

  /** The entry followed by the end of the fields, as the meta file holds them. */
  private static byte[] bytes(FieldMetadata metadata) throws IOException {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    metadata.write(out);
    FieldMetadata.writeEndOfFields(out);
    return out.toArrayCopy();
  }

  private static FieldMetadata with(FieldMetadata m, TermsMeta terms, ForwardMeta forward) {
    return new FieldMetadata(
        m.fieldNumber(), m.params(), terms, forward, m.inverted(), m.graph(), m.stats());
  }

  /** A consistent entry of a field of {@code numTerms} terms in a segment of {@code maxDoc}. */
  private static FieldMetadata randomMetadata(int numTerms, int maxDoc) {
    BuildParams params =
        new BuildParams(
            1 + random().nextInt(10_000),
            1 + random().nextInt(1_000),
            (1 + random().nextInt(100)) / 100f,
            (1 + random().nextInt(100)) / 100f,
            random().nextInt(10),
            1 + random().nextInt(100),
            random().nextBoolean() ? 0 : 1 + random().nextInt(BuildParams.MAX_NKNN));
    TermsMeta terms =
        numTerms == 0
            ? TermsMeta.EMPTY
            : new TermsMeta(
                numTerms,
                randomLength(),
                randomLength(),
                Math.max(1, 64 - Long.numberOfLeadingZeros(2L * numTerms - 1))
                    + random().nextInt(2));
    ForwardMeta forward =
        new ForwardMeta(
            ForwardIndex.componentBytes(numTerms),
            randomLength(),
            randomLength(),
            randomLength(),
            8L * (maxDoc + 1));
    InvertedMeta inverted = new InvertedMeta(randomTable(numTerms), randomTable(numTerms));
    FieldStats stats =
        new FieldStats(
            numTerms,
            random().nextInt(maxDoc + 1),
            randomLength(),
            random().nextInt(Integer.MAX_VALUE),
            randomLength(),
            randomLength(),
            randomLength());
    GraphMeta graph =
        params.nknn() == 0
            ? null
            : new GraphMeta(randomLength(), KnnGraph.length(maxDoc, params.nknn()));
    return new FieldMetadata(NUMBER, params, terms, forward, inverted, graph, stats);
  }

  private static ListTable randomTable(int numTerms) {
    byte[] tableMeta = new byte[ListTable.tableMetaBytes(numTerms)];
    random().nextBytes(tableMeta);
    return new ListTable(
        randomLength(), randomLength(), randomLength(), new BytesRef(tableMeta), randomLength());
  }

  /** A file offset or count, small or past what 32 bits hold. */
  private static long randomLength() {
    return random().nextBoolean()
        ? random().nextInt(1000)
        : random().nextLong(Long.MAX_VALUE >>> random().nextInt(40));
  }
}
