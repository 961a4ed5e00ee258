package dev.seismic.lucene.index;

import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.codecs.SeismicTerms;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.packed.DirectMonotonicReader;

/**
 * Block summary scores, in each of the three layouts, equal the sum over the query's components of
 * {@code queryWeight · (Min + Step · code)} of the entries the file holds (read here by the
 * format's grammar), up to float rounding.
 */
public class TestSummaryScorer extends LuceneTestCase {

  private static final String FIELD = "vec";

  /**
   * A small vocabulary, where long lists' summaries hold a large share of it (the bitmap), and a
   * larger one under a few heavy common tokens, where they hold a small share (the component list);
   * short lists are by block.
   */
  public void testAllLayouts() throws IOException {
    int[] layouts = new int[3];
    for (int vocabulary : new int[] {3000, 30_000}) {
      int heavy = vocabulary > 10_000 ? 5 : 0;
      int[] counts =
          check(
              4000,
              random -> {
                Map<String, Float> v = new HashMap<>();
                while (v.size() < heavy) {
                  v.put("h" + random.nextInt(50), 3 + 3 * random.nextFloat());
                }
                int n = heavy + 1 + random.nextInt(40);
                while (v.size() < n) {
                  double u = random.nextDouble();
                  v.put("t" + (int) (u * u * vocabulary), 0.01f + 3 * random.nextFloat());
                }
                return v;
              },
              new BuildParams(2000, 2000, 0.1f, 0.5f, 2, 15));
      for (int i = 0; i < 3; i++) {
        layouts[i] += counts[i];
      }
    }
    assertTrue("by block: " + Arrays.toString(layouts), layouts[SummaryLayout.BY_BLOCK] > 0);
    assertTrue(
        "by component: " + Arrays.toString(layouts), layouts[SummaryLayout.BY_COMPONENT] > 0);
    assertTrue(
        "by component with a bitmap: " + Arrays.toString(layouts),
        layouts[SummaryLayout.BY_COMPONENT_BITMAP] > 0);
  }

  /** More than 65,536 terms: 4-byte components, a bitmap of over a thousand words. */
  public void testWideComponents() throws IOException {
    int numDocs = 5000;
    int[] next = {0};
    int[] layouts =
        check(
            numDocs,
            random -> {
              Map<String, Float> v = new HashMap<>();
              for (int i = 0; i < 14; i++) { // unique tokens: 70,000 terms in all
                v.put("u" + next[0]++, 0.01f + 3 * random.nextFloat());
              }
              for (int i = 0; i < 10; i++) {
                double u = random.nextDouble();
                v.put("t" + (int) (u * u * 500), 0.01f + 3 * random.nextFloat());
              }
              return v;
            },
            new BuildParams(2000, 2000, 0.1f, 0.5f, 2, 15));
    assertTrue(Arrays.toString(layouts), layouts[SummaryLayout.BY_COMPONENT] > 0);
  }

  /** Lists of more than 256 blocks: block ids of two bytes in the transposed layouts. */
  public void testManyBlocks() throws IOException {
    int[] layouts =
        check(
            3000,
            random -> {
              Map<String, Float> v = new HashMap<>();
              v.put("all", 0.5f + random.nextFloat()); // one list of 3,000 documents
              for (int i = 0; i < 20; i++) {
                double u = random.nextDouble();
                v.put("t" + (int) (u * u * 2000), 0.01f + 3 * random.nextFloat());
              }
              return v;
            },
            new BuildParams(3000, 3000, 0.5f, 0.5f, 0, 15));
    assertTrue(
        "a transposed list of over 256 blocks: " + Arrays.toString(layouts), layouts[3] > 256);
  }

  /**
   * A by-component list of more components than {@link SummaryScorer#BULK_COMPONENTS_MAX}, which
   * only a large vocabulary allows: its components are searched in the file, not copied.
   */
  public void testManyComponents() throws IOException {
    int listDocs = 1000;
    int[] next = {0};
    int[] layouts =
        check(
            listDocs + 9750,
            random -> {
              Map<String, Float> v = new HashMap<>();
              int i = next[0]++;
              if (i < listDocs) { // one list of 1,000 documents and 5,000 distinct components
                v.put("all", 0.5f + random.nextFloat());
                for (int t = 0; t < 5; t++) {
                  v.put("a" + (5 * i + t), 0.01f + 3 * random.nextFloat());
                }
              } else { // the rest of a vocabulary of ~200,000 terms
                for (int t = 0; t < 20; t++) {
                  v.put("u" + (20 * i + t), 0.01f + 3 * random.nextFloat());
                }
              }
              return v;
            },
            new BuildParams(1, 2000, 0.2f, 1f, 2, 15));
    assertTrue(
        "a by-component list of over "
            + SummaryScorer.BULK_COMPONENTS_MAX
            + " components: "
            + Arrays.toString(layouts),
        layouts[4] > SummaryScorer.BULK_COMPONENTS_MAX);
  }

  private interface Vectors {
    Map<String, Float> next(Random random);
  }

  /**
   * Indexes the vectors in one segment and checks every list; returns the lists per layout and the
   * most blocks of a list in a transposed layout.
   */
  private int[] check(int numDocs, Vectors vectors, BuildParams params) throws IOException {
    Random random = new Random(random().nextLong());
    // Lists per layout, the most blocks of a transposed list, the most components of a by-component
    // list.
    int[] layouts = new int[5];
    try (Directory dir = newDirectory()) {
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD))
              .setRAMBufferSizeMB(256);
      FieldType type = SeismicVectorField.fieldType(params);
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int i = 0; i < numDocs; i++) {
          Document doc = new Document();
          doc.add(
              new SeismicVectorField(FIELD, SparseVector.of(FIELD, vectors.next(random)), type));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        FieldIndex index = SeismicTerms.get(reader.leaves().get(0).reader(), FIELD);
        int numTerms = index.terms().size();
        InvertedIndex inverted = index.inverted();
        InvertedIndex.PostingList list = inverted.postingList();
        IndexInput in = inverted.summaryLists();
        DirectMonotonicReader offsets = inverted.summaryListOffsets();
        float[][] dense = new float[4][];
        dense[0] = new float[numTerms];
        Arrays.fill(dense[0], 1f); // every entry of every list counts
        for (int q = 1; q < dense.length; q++) {
          dense[q] = new float[numTerms];
          int n = 1 + random.nextInt(q == 1 ? 5 : 200);
          for (int i = 0; i < n; i++) {
            dense[q][random.nextInt(numTerms)] = 0.01f + 3 * random.nextFloat();
          }
        }
        int[][] ords = new int[dense.length][];
        float[][] weights = new float[dense.length][];
        for (int q = 0; q < dense.length; q++) {
          ords[q] = new int[numTerms];
          weights[q] = new float[numTerms];
          int length = 0;
          for (int c = 0; c < numTerms; c++) {
            if (dense[q][c] != 0) {
              ords[q][length] = c;
              weights[q][length++] = dense[q][c];
            }
          }
          ords[q] = Arrays.copyOf(ords[q], length);
          weights[q] = Arrays.copyOf(weights[q], length);
        }
        for (int ord = 0; ord < numTerms; ord++) {
          in.seek(offsets.get(ord));
          Summaries s = Summaries.read(in, numTerms);
          layouts[s.kind]++;
          if (s.kind != SummaryLayout.BY_BLOCK) {
            layouts[3] = Math.max(layouts[3], s.numBlocks());
          }
          if (s.kind == SummaryLayout.BY_COMPONENT) {
            layouts[4] = Math.max(layouts[4], s.numComponents());
          }
          list.load(ord);
          assertEquals(s.numBlocks(), list.numBlocks());
          float[] out = new float[s.numBlocks() + random.nextInt(3)];
          for (int q = 0; q < dense.length; q++) {
            if (q > 0) { // a list is scored for several queries in a row
              list.load(ord);
            }
            list.summaries().score(ords[q], weights[q], ords[q].length, dense[q], out);
            for (int b = 0; b < s.numBlocks(); b++) {
              double expected = 0;
              double magnitude = 0;
              for (int e = s.blockStarts[b]; e < s.blockStarts[b + 1]; e++) {
                double term =
                    (double) dense[q][s.components[e]]
                        * (s.mins[b] + (double) s.steps[b] * (s.codes[e] & 0xFF));
                expected += term;
                magnitude += Math.abs(term);
              }
              assertEquals(
                  "term " + ord + ", block " + b + ", layout " + s.kind + ", query " + q,
                  expected,
                  out[b],
                  1e-4 * magnitude + 1e-30);
            }
          }
        }
      }
    }
    return layouts;
  }

  /** One list's summaries, regrouped by block, as the grammar (codecs package) describes them. */
  private record Summaries(
      byte kind,
      int numComponents,
      float[] mins,
      float[] steps,
      int[] blockStarts,
      int[] components,
      byte[] codes) {

    int numBlocks() {
      return mins.length;
    }

    static Summaries read(IndexInput in, int numTerms) throws IOException {
      int nb = in.readVInt();
      byte kind = in.readByte();
      int nc = in.readVInt();
      int ne = in.readVInt();
      int componentBytes = ForwardIndex.componentBytes(numTerms);
      int endBytes = SummaryLayout.widthFor(ne);
      float[] mins = new float[nb];
      float[] steps = new float[nb];
      in.readFloats(mins, 0, nb);
      in.readFloats(steps, 0, nb);
      int[] blockStarts = new int[nb + 1];
      int[] components = new int[ne];
      byte[] codes = new byte[ne];
      if (kind == SummaryLayout.BY_BLOCK) {
        for (int b = 0; b < nb; b++) {
          blockStarts[b + 1] = SummaryLayout.read(in, endBytes);
        }
        for (int e = 0; e < ne; e++) {
          components[e] = SummaryLayout.read(in, componentBytes);
        }
        in.readBytes(codes, 0, ne);
        return new Summaries(kind, nc, mins, steps, blockStarts, components, codes);
      }
      int[] listComponents = new int[nc];
      if (kind == SummaryLayout.BY_COMPONENT) {
        for (int i = 0; i < nc; i++) {
          listComponents[i] = SummaryLayout.read(in, componentBytes);
        }
      } else {
        int words = (numTerms + 63) / 64;
        for (int w = 0, i = 0; w < words; w++) {
          for (long bits = in.readLong(); bits != 0; bits &= bits - 1) {
            listComponents[i++] = w * 64 + Long.numberOfTrailingZeros(bits);
          }
        }
        in.skipBytes((long) words * SummaryLayout.widthFor(nc)); // ranks
      }
      int[] ends = new int[nc];
      for (int i = 0; i < nc; i++) {
        ends[i] = SummaryLayout.read(in, endBytes);
      }
      int[] blocks = new int[ne];
      for (int e = 0; e < ne; e++) {
        blocks[e] = SummaryLayout.read(in, SummaryLayout.widthFor(nb - 1));
        blockStarts[blocks[e] + 1]++;
      }
      byte[] byComponent = new byte[ne];
      in.readBytes(byComponent, 0, ne);
      for (int b = 0; b < nb; b++) {
        blockStarts[b + 1] += blockStarts[b];
      }
      int[] fill = Arrays.copyOf(blockStarts, nb);
      for (int i = 0, e = 0; i < nc; i++) {
        for (; e < ends[i]; e++) {
          int at = fill[blocks[e]]++;
          components[at] = listComponents[i];
          codes[at] = byComponent[e];
        }
      }
      return new Summaries(kind, nc, mins, steps, blockStarts, components, codes);
    }
  }
}
