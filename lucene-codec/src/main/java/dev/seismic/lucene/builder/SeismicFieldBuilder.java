package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.FieldStats;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.TermDictionary;
import java.io.IOException;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * Builds one field's Seismic structures for a segment from the field's complete postings (at flush,
 * the freshly inverted documents; at merge, the merged postings of the live documents, so no entry
 * that an earlier segment pruned is lost):
 *
 * <ol>
 *   <li>number the terms that have postings and write the {@link TermDictionary};
 *   <li>invert the postings into the {@link ForwardIndex} (documents' vectors by term ordinal);
 *   <li>keep each term's λ heaviest postings ({@link BuildParams#postingsPerList});
 *   <li>cluster each pruned list into blocks and summarise the blocks ({@link
 *       InvertedIndexWriter}).
 * </ol>
 */
public final class SeismicFieldBuilder {

  private SeismicFieldBuilder() {}

  /**
   * Builds and writes the structures. Writes to {@code meta}, in order: the term dictionary's
   * metadata, the forward index's, the inverted index's.
   *
   * @param executor runs the clustering and summarising of lists, possibly in parallel
   * @param times receives the time of each phase
   */
  public static FieldStats build(
      Terms terms,
      int maxDoc,
      BuildParams params,
      long seed,
      IndexOutput meta,
      IndexOutput termsOut,
      IndexOutput forwardOut,
      IndexOutput postingsOut,
      IndexOutput summariesOut,
      TaskExecutor executor,
      BuildTimes times)
      throws IOException {
    long start = System.nanoTime();
    // Pass 1: count components per document; number the terms.
    int[] offsets = new int[maxDoc + 1];
    TermDictionary.Writer dictionary = new TermDictionary.Writer(termsOut);
    long numEntries = 0;
    PostingsEnum postings = null;
    if (terms != null) {
      TermsEnum termsEnum = terms.iterator();
      for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
        postings = termsEnum.postings(postings, PostingsEnum.FREQS);
        int df = 0;
        for (int doc = postings.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = postings.nextDoc()) {
          offsets[doc + 1]++;
          df++;
        }
        if (df > 0) {
          dictionary.add(term);
          numEntries += df;
        }
      }
    }
    if (numEntries > ArrayUtil.MAX_ARRAY_LENGTH) {
      throw new IllegalStateException(
          "a Seismic field holds at most "
              + ArrayUtil.MAX_ARRAY_LENGTH
              + " (document, token) entries per segment, this one "
              + numEntries
              + "; lower the merge policy's maximum segment size");
    }
    int numTerms = dictionary.size();
    dictionary.finish(meta);
    for (int d = 0; d < maxDoc; d++) {
      offsets[d + 1] += offsets[d];
    }

    long counted = System.nanoTime();
    times.countNanos = counted - start;
    // Pass 2: fill the forward index and prune each list.
    InMemoryForwardIndex vectors = InMemoryForwardIndex.allocate(maxDoc, numTerms, offsets);
    int[] fill = offsets.clone();
    int lambda = params.postingsPerList(maxDoc);
    int[] listStarts = new int[numTerms + 1];
    IntArray lists = new IntArray();
    ListPruner pruner = new ListPruner();
    if (terms != null) {
      TermsEnum termsEnum = terms.iterator();
      int ord = 0;
      for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
        postings = termsEnum.postings(postings, PostingsEnum.FREQS);
        pruner.reset();
        for (int doc = postings.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = postings.nextDoc()) {
          int value = Math.min(postings.freq(), SeismicVectorField.MAX_ENCODED);
          vectors.set(fill[doc]++, ord, value);
          pruner.add(doc, value);
        }
        if (pruner.size() == 0) {
          continue;
        }
        pruner.keepHeaviest(lambda, lists);
        listStarts[++ord] = lists.size;
      }
      assert ord == numTerms;
    }
    long inverted = System.nanoTime();
    times.invertNanos = inverted - counted;
    vectors.write(meta, forwardOut);
    times.forwardNanos = System.nanoTime() - inverted;

    InvertedIndexWriter writer = new InvertedIndexWriter(vectors, params, seed);
    writer.write(listStarts, lists.values, meta, postingsOut, summariesOut, executor, times);
    times.totalNanos = System.nanoTime() - start;
    return new FieldStats(
        numTerms,
        vectors.docsWithVector(),
        numEntries,
        lambda,
        writer.numPostings,
        writer.numBlocks,
        writer.numSummaryEntries);
  }

  /** A growable int array. */
  private static final class IntArray {
    int[] values = new int[1024];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = ArrayUtil.grow(values, size + 1);
      }
      values[size++] = v;
    }
  }

  /**
   * Selects a list's λ heaviest postings in linear time: a histogram over the 16-bit encoded values
   * finds the threshold; ties at the threshold keep the smallest document ids.
   */
  private static final class ListPruner {
    private final int[] histogram = new int[1 << 16];
    private int[] docs = new int[1024];
    private int[] values = new int[1024];
    private int size;

    void reset() {
      size = 0;
    }

    int size() {
      return size;
    }

    void add(int doc, int value) {
      if (size == docs.length) {
        docs = ArrayUtil.grow(docs, size + 1);
        values = ArrayUtil.growExact(values, docs.length);
      }
      docs[size] = doc;
      values[size] = value;
      size++;
    }

    void keepHeaviest(int lambda, IntArray out) {
      if (size <= lambda) {
        for (int i = 0; i < size; i++) {
          out.add(docs[i]);
        }
        return;
      }
      for (int i = 0; i < size; i++) {
        histogram[values[i]]++;
      }
      int threshold = histogram.length - 1;
      int above = 0; // postings with a value > threshold
      while (above + histogram[threshold] < lambda) {
        above += histogram[threshold];
        threshold--;
      }
      int atThreshold = lambda - above;
      for (int i = 0; i < size; i++) {
        int v = values[i];
        if (v > threshold) {
          out.add(docs[i]);
        } else if (v == threshold && atThreshold > 0) {
          out.add(docs[i]);
          atThreshold--;
        }
        histogram[v] = 0;
      }
    }
  }
}
