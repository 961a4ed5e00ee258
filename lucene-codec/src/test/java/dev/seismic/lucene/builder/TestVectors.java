package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.ForwardIndex;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.util.IOUtils;

/**
 * Document vectors for the builder's unit tests: kept as plain arrays for the tests' reference
 * computations, and written through {@link ForwardIndexWriter} into a forward index, which the
 * builder's classes read.
 */
final class TestVectors implements Closeable {
  final int numTerms;
  final int[][] components; // per document, ascending
  final int[][] values; // per document, stored 16-bit values
  final ForwardIndex forward;
  private final Directory directory = new ByteBuffersDirectory();
  private final ForwardIndexWriter writer;
  private final List<Top> tops = new ArrayList<>();

  TestVectors(int numTerms, int[][] components, int[][] values) throws IOException {
    this.numTerms = numTerms;
    this.components = components;
    this.values = values;
    writer =
        new ForwardIndexWriter(directory, "_0", IOContext.DEFAULT, components.length, numTerms);
    for (int d = 0; d < components.length; d++) {
      writer.add(components[d], values[d], components[d].length);
    }
    forward = writer.finish();
  }

  /**
   * Random vectors of up to maxLength components over numTerms terms, with few distinct values, so
   * that ties between weights are common (weights about 0.5 to 100).
   */
  static TestVectors random(Random random, int maxDoc, int numTerms, int maxLength)
      throws IOException {
    int[][] components = new int[maxDoc][];
    int[][] values = new int[maxDoc][];
    for (int d = 0; d < maxDoc; d++) {
      int length = random.nextInt(Math.min(maxLength, numTerms) + 1);
      components[d] = random.ints(0, numTerms).distinct().limit(length).sorted().toArray();
      values[d] = new int[components[d].length];
      for (int i = 0; i < values[d].length; i++) {
        values[d][i] = 0x7E00 + random.nextInt(random.nextBoolean() ? 8 : 2000);
      }
    }
    return new TestVectors(numTerms, components, values);
  }

  /** The documents' top components, as the build writes them; closed with these vectors. */
  Top top(int docCut) throws IOException {
    ForwardIndexWriter topWriter =
        new ForwardIndexWriter(directory, "_0", IOContext.DEFAULT, maxDoc(), numTerms);
    TopComponents.write(forward, docCut, topWriter);
    Top top = new Top(topWriter, topWriter.finish());
    tops.add(top);
    return top;
  }

  /** Top components: a forward index over temporary files, deleted on close. */
  record Top(ForwardIndexWriter writer, ForwardIndex forward) implements Closeable {
    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  int maxDoc() {
    return components.length;
  }

  float weight(int doc, int i) {
    return SeismicVectorField.decodeWeight(values[doc][i]);
  }

  /** The weight of {@code component} in {@code doc}, or 0. */
  float weightOf(int doc, int component) {
    for (int i = 0; i < components[doc].length; i++) {
      if (components[doc][i] == component) {
        return weight(doc, i);
      }
    }
    return 0f;
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(tops);
    IOUtils.close(writer, directory);
  }
}
