package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.SeismicVectorField;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;

/**
 * The forward index of a flushed segment (or of a merge that cannot read its sources' forward
 * indexes, see {@link MergedForwardIndex}), transposed from the postings, which come term by term,
 * into documents' vectors, handed to a {@link ForwardIndexWriter} document by document.
 *
 * <p>The documents are cut into buckets of consecutive documents holding at most {@link
 * #BUCKET_ENTRIES} (document, token) entries. With one bucket, the postings are transposed on the
 * heap; with more, one pass over the postings appends each entry to its bucket's temporary file,
 * then each bucket is read back and transposed on its own. Either way the heap holds one bucket (8
 * bytes per entry) and 4 bytes per document (their entry counts): a flush's build does not need
 * memory in proportion to IndexWriter's RAM buffer on top of the buffer itself. The spill files
 * take 10 bytes per entry on disk, and are deleted as soon as their bucket is read.
 */
final class TransposedForwardIndex {

  /** Entries transposed on the heap at once: 4M entries, 32 MB. */
  static final int BUCKET_ENTRIES = 1 << 22;

  private TransposedForwardIndex() {}

  /**
   * Transposes {@code terms}' postings (only terms with postings get an ordinal, in term order) and
   * writes the vectors to {@code out}.
   *
   * @param counts each document's number of components, as counted from the same postings
   * @param bucketEntries the most entries transposed at once ({@link #BUCKET_ENTRIES}; smaller in
   *     tests)
   */
  static void write(
      Terms terms, int[] counts, BuildOutputs temp, ForwardIndexWriter out, int bucketEntries)
      throws IOException {
    int maxDoc = counts.length;
    // Bucket b holds documents [starts[b], starts[b + 1]); a document longer than a bucket is a
    // bucket of its own.
    List<Integer> bounds = new ArrayList<>();
    bounds.add(0);
    long inBucket = 0;
    for (int d = 0; d < maxDoc; d++) {
      if (inBucket > 0 && inBucket + counts[d] > bucketEntries) {
        bounds.add(d);
        inBucket = 0;
      }
      inBucket += counts[d];
    }
    bounds.add(maxDoc);
    int[] starts = bounds.stream().mapToInt(Integer::intValue).toArray();
    int numBuckets = starts.length - 1;
    Bucket bucket = new Bucket();
    if (numBuckets == 1) {
      bucket.fromPostings(terms, counts, 0, maxDoc);
      bucket.writeTo(out);
      return;
    }
    IndexOutput[] files = new IndexOutput[numBuckets];
    String[] names = new String[numBuckets];
    boolean success = false;
    try {
      for (int b = 0; b < numBuckets; b++) {
        files[b] =
            temp.directory().createTempOutput(temp.segmentName(), "seismic_tr", temp.context());
        names[b] = files[b].getName();
      }
      spill(terms, starts, files);
      IOUtils.close(files);
      for (int b = 0; b < numBuckets; b++) {
        try (IndexInput in = temp.directory().openInput(names[b], IOContext.READONCE)) {
          bucket.fromFile(in, counts, starts[b], starts[b + 1]);
        }
        temp.directory().deleteFile(names[b]);
        names[b] = null;
        bucket.writeTo(out);
      }
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(files);
        for (String name : names) {
          if (name != null) {
            IOUtils.deleteFilesIgnoringExceptions(temp.directory(), name);
          }
        }
      }
    }
  }

  /** Receives postings in term order, terms numbered as the dictionary numbers them. */
  private interface PostingSink {
    void accept(int doc, int ord, int value) throws IOException;
  }

  /**
   * Hands every posting to {@code sink}, with its term's ordinal (terms without postings get none)
   * and its stored value.
   */
  private static void forEachPosting(Terms terms, PostingSink sink) throws IOException {
    if (terms == null) {
      return;
    }
    TermsEnum termsEnum = terms.iterator();
    PostingsEnum postings = null;
    int ord = 0;
    for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
      postings = termsEnum.postings(postings, PostingsEnum.FREQS);
      boolean any = false;
      for (int doc = postings.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = postings.nextDoc()) {
        sink.accept(doc, ord, Math.min(postings.freq(), SeismicVectorField.MAX_ENCODED));
        any = true;
      }
      if (any) {
        ord++;
      }
    }
  }

  /** Appends every posting to its document's bucket file: document, ordinal, stored value. */
  private static void spill(Terms terms, int[] starts, IndexOutput[] files) throws IOException {
    int[] bucket = {0}; // the last posting's bucket
    int[] lastDoc = {-1};
    forEachPosting(
        terms,
        (doc, ord, value) -> {
          // Documents ascend within a term, so the bucket only moves forward until the next term
          // starts over: constant work per posting.
          int b = doc < lastDoc[0] ? 0 : bucket[0];
          while (doc >= starts[b + 1]) {
            b++;
          }
          bucket[0] = b;
          lastDoc[0] = doc;
          IndexOutput file = files[b];
          file.writeInt(doc);
          file.writeInt(ord);
          file.writeShort((short) value);
        });
  }

  /** One bucket's documents, transposed on the heap; reused from bucket to bucket. */
  private static final class Bucket {
    private int from;
    private int to;
    private int[] offsets = new int[1]; // by document - from: its first entry
    private int[] fill = new int[1];
    private int[] components = new int[0];
    private int[] values = new int[0];

    private void reset(int[] counts, int from, int to) {
      this.from = from;
      this.to = to;
      int n = to - from;
      offsets = ArrayUtil.growNoCopy(offsets, n + 1);
      fill = ArrayUtil.growNoCopy(fill, n);
      offsets[0] = 0;
      for (int d = 0; d < n; d++) {
        fill[d] = offsets[d];
        offsets[d + 1] = offsets[d] + counts[from + d];
      }
      components = ArrayUtil.growNoCopy(components, offsets[n]);
      values = ArrayUtil.growNoCopy(values, offsets[n]);
    }

    private void add(int doc, int ord, int value) {
      int e = fill[doc - from]++;
      components[e] = ord;
      values[e] = value;
    }

    /** The bucket of all documents [from, to), straight from the postings. */
    void fromPostings(Terms terms, int[] counts, int from, int to) throws IOException {
      reset(counts, from, to);
      forEachPosting(terms, this::add);
    }

    /** The bucket of documents [from, to) from its spill file, whose entries come in term order. */
    void fromFile(IndexInput in, int[] counts, int from, int to) throws IOException {
      reset(counts, from, to);
      for (long i = 0, n = offsets[to - from]; i < n; i++) {
        int doc = in.readInt();
        int ord = in.readInt();
        add(doc, ord, in.readShort() & 0xFFFF);
      }
    }

    /** Hands the bucket's documents, components ascending, to {@code out}. */
    void writeTo(ForwardIndexWriter out) throws IOException {
      int[] docComponents = new int[64];
      int[] docValues = new int[64];
      for (int d = 0; d < to - from; d++) {
        int start = offsets[d];
        int n = offsets[d + 1] - start;
        docComponents = ArrayUtil.growNoCopy(docComponents, n);
        docValues = ArrayUtil.growNoCopy(docValues, n);
        System.arraycopy(components, start, docComponents, 0, n);
        System.arraycopy(values, start, docValues, 0, n);
        out.add(docComponents, docValues, n);
      }
    }
  }
}
