package dev.seismic.lucene.check;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.ForwardIndex;
import java.io.IOException;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.ArrayUtil;

/**
 * Checks a forward index by the format's grammar (see the codecs package documentation): the offset
 * table starts at 0, ascends and ends at the number of entries; each document's components are term
 * ordinals, strictly ascending, with values a build can store (1 to {@code
 * SeismicVectorField.MAX_ENCODED}); and the entries are exactly the field's postings: each posting
 * finds its entry with the same value ({@link #checkPostings}), and no entry is left over ({@link
 * #checkAllMatched}).
 *
 * <p>Also serves the other checks: {@link #load} and {@link #value} decode documents from the raw
 * data.
 */
final class ForwardIndexCheck {

  private final int maxDoc;
  private final int numTerms;
  private final int componentBytes;
  private final RandomAccessInput offsets;
  private final RandomAccessInput entries;
  private final long entryCount;
  private final FieldIndexCheck.Problems problems;
  private final int[] matched; // per document: entries a posting has matched
  private int docsWithVector;

  /** The document {@link #load} read last. */
  int[] components = new int[64];

  int[] values = new int[64];

  ForwardIndexCheck(ForwardIndex forward, int numTerms, FieldIndexCheck.Problems problems)
      throws IOException {
    this.maxDoc = forward.maxDoc();
    this.numTerms = numTerms;
    this.componentBytes = forward.componentBytes();
    this.offsets = forward.offsetTable();
    this.entries = forward.entryData();
    this.entryCount = entries.length() / (componentBytes + 2);
    this.problems = problems;
    this.matched = new int[maxDoc];
  }

  int maxDoc() {
    return maxDoc;
  }

  long numEntries() {
    return entryCount;
  }

  int docsWithVector() {
    return docsWithVector;
  }

  private long offset(int doc) throws IOException {
    return offsets.readLong(8L * doc);
  }

  /** How many entries {@code doc} has: 0 for a document without a vector. */
  int length(int doc) throws IOException {
    return (int) (offset(doc + 1) - offset(doc));
  }

  /**
   * Checks the offset table and every document's entries. Returns false when the offsets are
   * unusable (documents could not be located), in which case nothing else should read them.
   */
  boolean checkStructure() throws IOException {
    if (componentBytes != ForwardIndex.componentBytes(numTerms)) {
      problems.report(
          "forward index: " + componentBytes + "-byte components for " + numTerms + " terms");
      return false;
    }
    if (entries.length() % (componentBytes + 2) != 0) {
      problems.report("forward index: " + entries.length() + " bytes of entries, not whole ones");
      return false;
    }
    boolean usable = true;
    if (offset(0) != 0) {
      problems.report("forward index: document 0 starts at entry " + offset(0) + ", not 0");
      usable = false;
    }
    for (int d = 0; d < maxDoc; d++) {
      long from = offset(d);
      long to = offset(d + 1);
      if (to < from || to > entryCount) {
        problems.report(
            "forward index, doc "
                + d
                + ": offsets ["
                + from
                + ", "
                + to
                + ") do not ascend within the "
                + entryCount
                + " entries");
        usable = false;
      }
    }
    if (offset(maxDoc) != entryCount) {
      problems.report(
          "forward index: offsets end at " + offset(maxDoc) + ", the entries at " + entryCount);
      usable = false;
    }
    if (!usable) {
      return false;
    }
    for (int d = 0; d < maxDoc && !problems.stopped(); d++) {
      int n = load(d);
      if (n > 0) {
        docsWithVector++;
      }
      for (int i = 0; i < n; i++) {
        int c = components[i];
        if (c < 0 || c >= numTerms) {
          problems.report(
              "forward index, doc "
                  + d
                  + ": component "
                  + c
                  + " is not one of "
                  + numTerms
                  + " term ordinals");
        } else if (i > 0 && c <= components[i - 1]) {
          problems.report(
              "forward index, doc "
                  + d
                  + ": components do not ascend ("
                  + c
                  + " after "
                  + components[i - 1]
                  + ")");
        }
        if (values[i] < 1 || values[i] > SeismicVectorField.MAX_ENCODED) {
          problems.report(
              "forward index, doc "
                  + d
                  + ": component "
                  + c
                  + " has value "
                  + values[i]
                  + ", which no weight encodes to");
        }
      }
    }
    return true;
  }

  /**
   * Reads document {@code doc} into {@link #components} and {@link #values}; returns its length.
   */
  int load(int doc) throws IOException {
    long start = offset(doc);
    int n = (int) (offset(doc + 1) - start);
    components = ArrayUtil.growNoCopy(components, n);
    values = ArrayUtil.growNoCopy(values, n);
    for (int i = 0; i < n; i++) {
      components[i] = component(start, n, i);
      values[i] = value(start, n, i);
    }
    return n;
  }

  // Entry i of the document whose n entries start at entry `start` (see ForwardIndex's grammar).
  private int component(long start, int n, int i) throws IOException {
    if (componentBytes == 2) {
      return entries.readInt(4 * (start + i)) & 0xFFFF;
    }
    return entries.readInt(6 * start + 4L * i);
  }

  private int value(long start, int n, int i) throws IOException {
    if (componentBytes == 2) {
      return entries.readInt(4 * (start + i)) >>> 16;
    }
    return entries.readShort(6 * start + 4L * n + 2L * i) & 0xFFFF;
  }

  /** The index of {@code ord} among {@code doc}'s entries, or -1 (binary search). */
  private int find(int ord, long start, int n) throws IOException {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = component(start, n, mid);
      if (c < ord) {
        lo = mid + 1;
      } else if (c > ord) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** The stored value of component {@code ord} in {@code doc}, or -1 when the doc lacks it. */
  int value(int doc, int ord) throws IOException {
    long start = offset(doc);
    int n = (int) (offset(doc + 1) - start);
    int i = find(ord, start, n);
    return i < 0 ? -1 : value(start, n, i);
  }

  /** Each of a term's postings must have its entry, with the same value. */
  void checkPostings(int ord, String label, int[] docs, int[] postingValues, int df)
      throws IOException {
    for (int i = 0; i < df; i++) {
      int doc = docs[i];
      long start = offset(doc);
      int n = (int) (offset(doc + 1) - start);
      int at = find(ord, start, n);
      if (at < 0) {
        problems.report(label + ", doc " + doc + ": the forward index lacks this posting");
        continue;
      }
      matched[doc]++;
      int v = value(start, n, at);
      if (v != postingValues[i]) {
        problems.report(
            label
                + ", doc "
                + doc
                + ": the forward index holds value "
                + v
                + ", the postings "
                + postingValues[i]);
      }
    }
  }

  /** After every term: no entry may be left that no posting matched. */
  void checkAllMatched() throws IOException {
    for (int d = 0; d < maxDoc; d++) {
      long n = offset(d + 1) - offset(d);
      if (matched[d] != n) {
        problems.report(
            "forward index, doc "
                + d
                + ": "
                + n
                + " entries, of which postings match "
                + matched[d]);
      }
    }
  }
}
