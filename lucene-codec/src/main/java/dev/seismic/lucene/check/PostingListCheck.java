package dev.seismic.lucene.check;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.index.DocIds;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.InvertedIndex;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.packed.DirectMonotonicReader;

/**
 * Checks one term's pruned list by the format's grammar (see the codecs package documentation),
 * against the term's full postings:
 *
 * <ul>
 *   <li>the list holds {@code min(df, λ)} postings, fills its slot of the offset table exactly, and
 *       its block ends ascend strictly to the number of postings;
 *   <li>documents ascend within each block, are below maxDoc, occur once in the list, are among the
 *       term's postings, and their forward-index entries hold the term;
 *   <li>the list holds the λ heaviest postings, ties going to smaller document ids;
 *   <li>the blocking respects {@code centroid_fraction} and {@code min_cluster_size};
 * </ul>
 *
 * then hands the blocks to {@link SummaryCheck}.
 */
final class PostingListCheck {

  private final int numTerms;
  private final int maxDoc;
  private final int docBytes;
  private final int lambda;
  private final BuildParams params;
  private final IndexInput in;
  private final DirectMonotonicReader offsets;
  private final ForwardIndexCheck forward;
  private final SummaryCheck summaries;
  private final FieldIndexCheck.Problems problems;
  private final DocIds docIds;
  private final int[] listOf; // per document: 1 + the last ordinal whose list held it
  private int[] docs = new int[64];
  private int[] blockEnds = new int[16];
  private boolean[] kept = new boolean[64];

  long lists;
  long blocks;
  long postings;

  PostingListCheck(
      FieldIndex index,
      ForwardIndexCheck forward,
      SummaryCheck summaries,
      int lambda,
      FieldIndexCheck.Problems problems)
      throws IOException {
    InvertedIndex inverted = index.inverted();
    this.numTerms = index.terms().size();
    this.maxDoc = index.maxDoc();
    this.docBytes = DocIds.bytesPerDoc(maxDoc);
    this.lambda = lambda;
    this.params = index.params();
    this.in = inverted.postingLists();
    this.offsets = inverted.postingListOffsets();
    this.forward = forward;
    this.summaries = summaries;
    this.problems = problems;
    this.docIds = new DocIds(docBytes);
    this.listOf = new int[maxDoc];
  }

  /** Checks both offset tables; false when either cannot locate the lists. */
  boolean checkTables() throws IOException {
    boolean postingsOk = checkTable("pruned postings", offsets, in.length(), numTerms, problems);
    return summaries.checkTable() && postingsOk;
  }

  /**
   * A table of {@code numTerms + 1} list offsets must start at 0, ascend strictly (every list has a
   * header) and end at the region's length.
   */
  static boolean checkTable(
      String name,
      DirectMonotonicReader table,
      long regionLength,
      int numTerms,
      FieldIndexCheck.Problems problems) {
    boolean ok = true;
    if (table.get(0) != 0) {
      problems.report(name + " offset table: the first list starts at " + table.get(0));
      ok = false;
    }
    for (int t = 0; t < numTerms; t++) {
      if (table.get(t + 1) <= table.get(t)) {
        problems.report(
            name
                + " offset table: ord "
                + t
                + "'s list spans ["
                + table.get(t)
                + ", "
                + table.get(t + 1)
                + ")");
        ok = false;
      }
    }
    if (table.get(numTerms) != regionLength) {
      problems.report(
          name
              + " offset table: lists end at "
              + table.get(numTerms)
              + ", the region at "
              + regionLength);
      ok = false;
    }
    return ok;
  }

  /**
   * Checks term {@code ord}'s list; {@code fullDocs[0..df)} are the term's postings (ascending) and
   * {@code fullValues} their stored values.
   */
  void check(int ord, String label, int[] fullDocs, int[] fullValues, int df) throws IOException {
    try {
      int nb = checkList(ord, label, fullDocs, fullValues, df);
      if (nb > 0) {
        summaries.check(ord, label, docs, blockEnds, nb);
      }
    } catch (IOException | RuntimeException e) {
      // Damaged counts can send reads anywhere; that is a finding, not a crash of the check.
      problems.report(label + ": unreadable pruned list or summaries (" + e + ")");
    }
  }

  /** Returns the number of blocks, or -1 when they are not sound enough to check summaries. */
  private int checkList(int ord, String label, int[] fullDocs, int[] fullValues, int df)
      throws IOException {
    long start = offsets.get(ord);
    long end = offsets.get(ord + 1);
    in.seek(start);
    int n = in.readVInt();
    int nb = in.readVInt();
    int expected = Math.min(df, lambda);
    if (n != expected) {
      problems.report(
          label
              + ": "
              + n
              + " pruned postings, expected "
              + expected
              + " (λ "
              + lambda
              + ", "
              + df
              + " postings)");
    }
    if (n < 1 || nb < 1 || nb > n || (long) n * docBytes > end - start) {
      problems.report(
          label
              + ": header says "
              + n
              + " postings in "
              + nb
              + " blocks, in a "
              + (end - start)
              + "-byte list");
      return -1;
    }
    blockEnds = ArrayUtil.growNoCopy(blockEnds, nb);
    boolean endsOk = true;
    for (int b = 0, previous = 0; b < nb; b++) {
      int e = in.readVInt();
      blockEnds[b] = e;
      if (e <= previous || e > n) {
        problems.report(
            label
                + ", block "
                + b
                + ": ends at posting "
                + e
                + " after "
                + previous
                + " ("
                + n
                + " postings)");
        endsOk = false;
      }
      previous = e;
    }
    if (endsOk && blockEnds[nb - 1] != n) {
      problems.report(label + ": blocks cover " + blockEnds[nb - 1] + " of " + n + " postings");
      endsOk = false;
    }
    long listBytes = in.getFilePointer() - start + (long) n * docBytes;
    if (listBytes != end - start) {
      problems.report(label + ": list of " + listBytes + " bytes in a slot of " + (end - start));
      if (listBytes > end - start) {
        return -1;
      }
    }
    docs = ArrayUtil.growNoCopy(docs, n);
    docIds.read(in, docs, n);
    lists++;
    blocks += nb;
    postings += n;
    if (!endsOk) {
      return -1;
    }
    checkBlocking(label, n, nb);

    kept = kept.length >= df ? kept : new boolean[ArrayUtil.oversize(df, 1)];
    Arrays.fill(kept, 0, df, false);
    boolean docsOk = true;
    for (int b = 0, from = 0; b < nb; from = blockEnds[b++]) {
      for (int i = from; i < blockEnds[b]; i++) {
        int doc = docs[i];
        String where = label + ", block " + b + ", doc " + doc;
        if (doc < 0 || doc >= maxDoc) {
          problems.report(where + ": beyond maxDoc " + maxDoc);
          docsOk = false;
          continue;
        }
        if (i > from && doc <= docs[i - 1]) {
          problems.report(where + ": follows doc " + docs[i - 1] + " in a block, must ascend");
        }
        if (listOf[doc] == ord + 1) {
          problems.report(where + ": occurs twice in the list");
        }
        listOf[doc] = ord + 1;
        if (forward.value(doc, ord) < 0) {
          problems.report(where + ": the document's forward-index entry lacks the term");
        }
        int at = Arrays.binarySearch(fullDocs, 0, df, doc);
        if (at < 0) {
          problems.report(where + ": not among the term's postings");
        } else {
          kept[at] = true;
        }
      }
    }
    checkPruning(label, fullDocs, fullValues, df);
    return docsOk ? nb : -1;
  }

  /**
   * The build keeps ⌈centroid_fraction · L⌉ centroids at most, and dissolves clusters of at most
   * min_cluster_size documents into the surviving ones; only when none survives do small blocks
   * remain, and then all are small.
   */
  private void checkBlocking(String label, int n, int nb) {
    int maxBlocks = (int) Math.min(n, Math.max(1, Math.ceil(params.centroidFraction() * n)));
    if (nb > maxBlocks) {
      problems.report(
          label
              + ": "
              + nb
              + " blocks of "
              + n
              + " postings; centroid_fraction "
              + params.centroidFraction()
              + " allows "
              + maxBlocks);
    }
    if (nb == 1) {
      return;
    }
    int small = -1;
    int large = -1;
    for (int b = 0; b < nb; b++) {
      int size = blockEnds[b] - (b == 0 ? 0 : blockEnds[b - 1]);
      if (size <= params.minClusterSize()) {
        small = b;
      } else {
        large = b;
      }
    }
    if (small >= 0 && large >= 0) {
      problems.report(
          label
              + ", block "
              + small
              + ": at most min_cluster_size ("
              + params.minClusterSize()
              + ") documents, while block "
              + large
              + " survived; small clusters are dissolved");
    }
  }

  /** Kept postings must be the λ heaviest; at the threshold value, the smaller document ids. */
  private void checkPruning(String label, int[] fullDocs, int[] fullValues, int df) {
    int lightestKept = -1; // index into the postings
    int heaviestDropped = -1;
    for (int j = 0; j < df; j++) {
      if (kept[j]) {
        // Postings ascend by doc: on equal values keep the later, i.e. the largest kept doc.
        if (lightestKept < 0 || fullValues[j] <= fullValues[lightestKept]) {
          lightestKept = j;
        }
      } else if (heaviestDropped < 0 || fullValues[j] > fullValues[heaviestDropped]) {
        // Strict: on equal values keep the earlier, i.e. the smallest dropped doc.
        heaviestDropped = j;
      }
    }
    if (lightestKept < 0 || heaviestDropped < 0) {
      return;
    }
    int keptValue = fullValues[lightestKept];
    int droppedValue = fullValues[heaviestDropped];
    if (keptValue < droppedValue || (keptValue == droppedValue && heaviestDropped < lightestKept)) {
      problems.report(
          label
              + ": keeps doc "
              + fullDocs[lightestKept]
              + " (value "
              + keptValue
              + ") but drops doc "
              + fullDocs[heaviestDropped]
              + " (value "
              + droppedValue
              + "); a list holds the λ heaviest postings, ties to smaller ids");
    }
  }
}
