package dev.seismic.lucene.check;

import dev.seismic.lucene.builder.QuantizedSummary;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.InvertedIndex;
import dev.seismic.lucene.index.SummaryLayout;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.packed.DirectMonotonicReader;

/**
 * Checks one list's block summaries by the format's grammar (see the codecs package documentation)
 * against the blocks' documents in the forward index:
 *
 * <ul>
 *   <li>the header agrees with the list (block count), the layout is the one the format picks for
 *       these sizes, and the summaries fill their slot of the offset table exactly;
 *   <li>components are term ordinals, ascending within a block (by-block layout) or across the list
 *       (by-component layout, whose block ids ascend within each component); every block keeps at
 *       least one component, and {@code NumComponents} counts the distinct ones;
 *   <li>each kept component occurs in the block, and its dequantized value is the block's maximum
 *       for it within the quantization error (see {@link #tolerance}); Min and Step are those the
 *       kept maxima give;
 *   <li>the summary keeps the heaviest maxima, holding at least {@code summary_energy} of the
 *       block's L1 mass.
 * </ul>
 */
final class SummaryCheck {

  /**
   * The build sums the mass of each value bucket in float, so the share it keeps may fall short of
   * summary_energy by float rounding; this relative slack absorbs that, not a pruning mistake.
   */
  private static final double ENERGY_SLACK = 1e-3;

  private final int numTerms;
  private final int componentBytes;
  private final float summaryEnergy;
  private final IndexInput in;
  private final DirectMonotonicReader offsets;
  private final ForwardIndexCheck forward;
  private final FieldIndexCheck.Problems problems;
  private final int[] maxima; // by component: the block's largest stored value; 0 between blocks
  private final int[] keptIn; // by component: the stamp of the last summary that kept it
  private int stamp;
  private int[] touched = new int[64];
  private float[] mins = new float[16];
  private float[] steps = new float[16];
  private int[] blockStarts = new int[17]; // block b's entries: [blockStarts[b], blockStarts[b+1])
  private int[] components = new int[64]; // entries grouped by block
  private byte[] codes = new byte[64];
  private int[] rawComponents = new int[64];
  private int[] rawEnds = new int[64];
  private int[] rawBlocks = new int[64];
  private byte[] rawCodes = new byte[64];

  long summaries;
  long entries;

  SummaryCheck(FieldIndex index, ForwardIndexCheck forward, FieldIndexCheck.Problems problems)
      throws IOException {
    InvertedIndex inverted = index.inverted();
    this.numTerms = index.terms().size();
    this.componentBytes = ForwardIndex.componentBytes(numTerms);
    this.summaryEnergy = index.params().summaryEnergy();
    this.in = inverted.summaryLists();
    this.offsets = inverted.summaryListOffsets();
    this.forward = forward;
    this.problems = problems;
    this.maxima = new int[numTerms];
    this.keptIn = new int[numTerms];
  }

  boolean checkTable() {
    return PostingListCheck.checkTable("summaries", offsets, in.length(), numTerms, problems);
  }

  /** Checks term {@code ord}'s summaries; its list's blocks end at {@code blockEnds[0..nb)}. */
  void check(int ord, String label, int[] docs, int[] blockEnds, int nb) throws IOException {
    long start = offsets.get(ord);
    long end = offsets.get(ord + 1);
    in.seek(start);
    int headerBlocks = in.readVInt();
    byte kind = in.readByte();
    int nc = in.readVInt();
    int ne = in.readVInt();
    if (headerBlocks != nb) {
      problems.report(label + ": summaries for " + headerBlocks + " blocks, the list has " + nb);
      return;
    }
    if (kind != SummaryLayout.BY_BLOCK
        && kind != SummaryLayout.BY_COMPONENT
        && kind != SummaryLayout.BY_COMPONENT_BITMAP) {
      problems.report(label + ": unknown summary layout " + kind);
      return;
    }
    if (ne < nb || nc < 1 || nc > ne || nc > numTerms) {
      problems.report(
          label + ": " + ne + " summary entries over " + nc + " components for " + nb + " blocks");
      return;
    }
    SummaryLayout layout = new SummaryLayout(componentBytes, numTerms, nb, nc, ne);
    boolean byBlock = kind == SummaryLayout.BY_BLOCK;
    long expected = 8L * nb + layout.bodyBytes(kind);
    long actual = end - in.getFilePointer();
    if (actual != expected) {
      problems.report(
          label
              + ": summaries take "
              + actual
              + " bytes after their header, which implies "
              + expected);
      return;
    }
    if (kind != layout.choose()) {
      problems.report(
          label
              + ": summaries laid out as "
              + layoutName(kind)
              + "; the format picks "
              + layoutName(layout.choose())
              + " for these sizes");
    }
    mins = ArrayUtil.grow(mins, nb);
    steps = ArrayUtil.grow(steps, nb);
    for (int b = 0; b < nb; b++) {
      mins[b] = Float.intBitsToFloat(in.readInt());
    }
    for (int b = 0; b < nb; b++) {
      steps[b] = Float.intBitsToFloat(in.readInt());
    }
    blockStarts = ArrayUtil.growNoCopy(blockStarts, nb + 1);
    components = ArrayUtil.growNoCopy(components, ne);
    codes = ArrayUtil.growNoCopy(codes, ne);
    boolean ok =
        byBlock
            ? readByBlock(label, layout)
            : readComponents(label, layout, kind) && readByComponent(label, layout);
    if (!ok || !checkComponents(label, nb, nc)) {
      return;
    }
    summaries += nb;
    entries += ne;
    for (int b = 0, from = 0; b < nb; from = blockEnds[b++]) {
      if (blockStarts[b + 1] > blockStarts[b]) { // an empty summary was reported above
        checkBlock(label + ", block " + b, b, docs, from, blockEnds[b]);
      }
    }
  }

  /** Ends, then components, then codes, all in block order. */
  private boolean readByBlock(String label, SummaryLayout layout) throws IOException {
    int nb = layout.numBlocks;
    int ne = layout.numEntries;
    blockStarts[0] = 0;
    for (int b = 0; b < nb; b++) {
      int e = SummaryLayout.read(in, layout.endBytes);
      if (e <= blockStarts[b] || e > ne) {
        problems.report(
            label
                + ", block "
                + b
                + ": summary entries end at "
                + e
                + " after "
                + blockStarts[b]
                + " ("
                + ne
                + " entries)");
        return false;
      }
      blockStarts[b + 1] = e;
    }
    if (blockStarts[nb] != ne) {
      problems.report(
          label + ": block summaries hold " + blockStarts[nb] + " of " + ne + " entries");
      return false;
    }
    for (int e = 0; e < ne; e++) {
      components[e] = SummaryLayout.read(in, componentBytes);
    }
    in.readBytes(codes, 0, ne);
    return true;
  }

  private static String layoutName(byte kind) {
    return switch (kind) {
      case SummaryLayout.BY_BLOCK -> "by block";
      case SummaryLayout.BY_COMPONENT -> "by component";
      default -> "by component with a bitmap";
    };
  }

  /**
   * The transposed layouts' components, into {@code rawComponents}: a list that must ascend, or a
   * bitmap over the vocabulary whose rank table must count the set bits before each word.
   */
  private boolean readComponents(String label, SummaryLayout layout, byte kind) throws IOException {
    int nc = layout.numComponents;
    rawComponents = ArrayUtil.growNoCopy(rawComponents, nc);
    if (kind == SummaryLayout.BY_COMPONENT) {
      for (int i = 0; i < nc; i++) {
        rawComponents[i] = SummaryLayout.read(in, componentBytes);
        if (i > 0 && rawComponents[i] <= rawComponents[i - 1]) {
          problems.report(
              label
                  + ": summary components do not ascend ("
                  + rawComponents[i]
                  + " after "
                  + rawComponents[i - 1]
                  + ")");
          return false;
        }
      }
      return true;
    }
    long[] words = new long[layout.bitmapWords];
    int count = 0;
    for (int w = 0; w < words.length; w++) {
      words[w] = in.readLong();
      for (long bits = words[w]; bits != 0; bits &= bits - 1) {
        int c = (w << 6) + Long.numberOfTrailingZeros(bits);
        if (c >= numTerms || count == nc) {
          problems.report(
              label
                  + ": the summary component bitmap sets "
                  + (c >= numTerms
                      ? "component " + c + " of " + numTerms + " terms"
                      : "more than " + nc + " components"));
          return false;
        }
        rawComponents[count++] = c;
      }
    }
    if (count != nc) {
      problems.report(
          label + ": the summary component bitmap sets " + count + " of " + nc + " components");
      return false;
    }
    for (int w = 0, rank = 0; w < words.length; rank += Long.bitCount(words[w++])) {
      int stored = SummaryLayout.read(in, layout.rankBytes);
      if (stored != rank) {
        problems.report(
            label
                + ": the summary component bitmap's rank of word "
                + w
                + " is "
                + stored
                + ", its bits before it count "
                + rank);
        return false;
      }
    }
    return true;
  }

  /**
   * After the components: their entry ends, the entries' block ids, then codes; regrouped here by
   * block (components stay ascending within a block because they ascend across the list).
   */
  private boolean readByComponent(String label, SummaryLayout layout) throws IOException {
    int nb = layout.numBlocks;
    int nc = layout.numComponents;
    int ne = layout.numEntries;
    rawEnds = ArrayUtil.growNoCopy(rawEnds, nc);
    rawBlocks = ArrayUtil.growNoCopy(rawBlocks, ne);
    rawCodes = ArrayUtil.growNoCopy(rawCodes, ne);
    for (int i = 0; i < nc; i++) {
      rawEnds[i] = SummaryLayout.read(in, layout.endBytes);
      int previous = i == 0 ? 0 : rawEnds[i - 1];
      if (rawEnds[i] <= previous || rawEnds[i] > ne) {
        problems.report(
            label
                + ": entries of summary component "
                + rawComponents[i]
                + " end at "
                + rawEnds[i]
                + " after "
                + previous
                + " ("
                + ne
                + " entries)");
        return false;
      }
    }
    if (rawEnds[nc - 1] != ne) {
      problems.report(label + ": summary components hold " + rawEnds[nc - 1] + " of " + ne);
      return false;
    }
    Arrays.fill(blockStarts, 0, nb + 1, 0);
    for (int i = 0, e = 0; i < nc; i++) {
      for (; e < rawEnds[i]; e++) {
        int b = SummaryLayout.read(in, layout.blockBytes);
        if (b >= nb || (e > (i == 0 ? 0 : rawEnds[i - 1]) && b <= rawBlocks[e - 1])) {
          problems.report(
              label
                  + ": summary component "
                  + rawComponents[i]
                  + " lists block "
                  + b
                  + (b >= nb ? " of " + nb : " out of order"));
          return false;
        }
        rawBlocks[e] = b;
        blockStarts[b + 1]++;
      }
    }
    in.readBytes(rawCodes, 0, ne);
    for (int b = 0; b < nb; b++) {
      blockStarts[b + 1] += blockStarts[b];
    }
    int[] fill = Arrays.copyOf(blockStarts, nb);
    for (int i = 0, e = 0; i < nc; i++) {
      for (; e < rawEnds[i]; e++) {
        int at = fill[rawBlocks[e]]++;
        components[at] = rawComponents[i];
        codes[at] = rawCodes[e];
      }
    }
    return true;
  }

  /**
   * Every block keeps a component; components are ordinals, strictly ascending per block; {@code
   * nc} counts the distinct ones. Returns false when components cannot be trusted as ordinals.
   */
  private boolean checkComponents(String label, int nb, int nc) {
    boolean ok = true;
    int distinct = 0;
    stamp++;
    for (int b = 0; b < nb; b++) {
      if (blockStarts[b + 1] == blockStarts[b]) {
        problems.report(label + ", block " + b + ": empty summary");
      }
      for (int e = blockStarts[b]; e < blockStarts[b + 1]; e++) {
        int c = components[e];
        if (c < 0 || c >= numTerms) {
          problems.report(
              label
                  + ", block "
                  + b
                  + ": summary component "
                  + c
                  + " is not one of "
                  + numTerms
                  + " term ordinals");
          ok = false;
          continue;
        }
        if (e > blockStarts[b] && c <= components[e - 1]) {
          problems.report(
              label
                  + ", block "
                  + b
                  + ": summary components do not ascend ("
                  + c
                  + " after "
                  + components[e - 1]
                  + ")");
        }
        if (keptIn[c] != stamp) {
          keptIn[c] = stamp;
          distinct++;
        }
      }
    }
    if (ok && distinct != nc) {
      problems.report(
          label + ": summaries hold " + distinct + " distinct components, the header says " + nc);
    }
    return ok;
  }

  /**
   * Checks block {@code b}'s summary against the maxima of its documents {@code docs[from..to)}.
   */
  private void checkBlock(String where, int b, int[] docs, int from, int to) throws IOException {
    int numTouched = 0;
    for (int i = from; i < to; i++) {
      int n = forward.load(docs[i]);
      int[] positions = heaviestPositions(n);
      int count = positions == null ? n : positions.length;
      for (int p = 0; p < count; p++) {
        int j = positions == null ? p : positions[p];
        int c = forward.components[j];
        if (c < 0 || c >= numTerms) {
          continue; // reported by the forward index check
        }
        if (maxima[c] == 0) {
          touched = ArrayUtil.grow(touched, numTouched + 1);
          touched[numTouched++] = c;
        }
        maxima[c] = Math.max(maxima[c], forward.values[j]);
      }
    }
    try {
      checkSummary(where, b, numTouched);
    } finally {
      for (int t = 0; t < numTouched; t++) {
        maxima[touched[t]] = 0;
      }
    }
  }

  /**
   * The positions of the loaded document's components that take part in summaries: null for all,
   * or, for a document longer than {@link QuantizedSummary#MAX_ENTRIES_PER_DOC}, its heaviest ones,
   * ties to the smaller position, as the build picks them.
   */
  private int[] heaviestPositions(int n) {
    if (n <= QuantizedSummary.MAX_ENTRIES_PER_DOC) {
      return null;
    }
    return QuantizedSummary.heaviestPositions(n, j -> forward.values[j]);
  }

  private void checkSummary(String where, int b, int numTouched) {
    stamp++;
    int lightestKept = Integer.MAX_VALUE; // stored values, whose order is the weights' order
    int heaviestKept = 0;
    double keptMass = 0;
    for (int e = blockStarts[b]; e < blockStarts[b + 1]; e++) {
      int c = components[e];
      if (maxima[c] == 0) {
        problems.report(
            where + ": summary component " + c + " is in none of the block's documents");
        return;
      }
      keptIn[c] = stamp;
      lightestKept = Math.min(lightestKept, maxima[c]);
      heaviestKept = Math.max(heaviestKept, maxima[c]);
      keptMass += SeismicVectorField.decodeWeight(maxima[c]);
    }
    // QuantizedSummary: Min is the smallest kept maximum, Step a 255th of the range.
    float min = SeismicVectorField.decodeWeight(lightestKept);
    float step = (SeismicVectorField.decodeWeight(heaviestKept) - min) / 255f;
    if (Float.compare(mins[b], min) != 0 || Float.compare(steps[b], step) != 0) {
      problems.report(
          where
              + ": summary min "
              + mins[b]
              + " and step "
              + steps[b]
              + ", the kept maxima give "
              + min
              + " and "
              + step);
    }
    float tolerance = tolerance(mins[b], steps[b]);
    for (int e = blockStarts[b]; e < blockStarts[b + 1]; e++) {
      int c = components[e];
      float max = SeismicVectorField.decodeWeight(maxima[c]);
      // Dequantized as the search does, in float.
      float value = mins[b] + steps[b] * (codes[e] & 0xFF);
      if (!(value >= max - tolerance && value <= max + tolerance)) {
        problems.report(
            where
                + ", component "
                + c
                + ": summary value "
                + value
                + (value < max ? " is below" : " is above")
                + " the block's maximum "
                + max
                + " by more than the quantization error "
                + tolerance);
      }
    }
    double mass = keptMass;
    int heaviestDropped = 0;
    int droppedComponent = -1;
    for (int t = 0; t < numTouched; t++) {
      int c = touched[t];
      if (keptIn[c] != stamp) {
        mass += SeismicVectorField.decodeWeight(maxima[c]);
        if (maxima[c] > heaviestDropped) {
          heaviestDropped = maxima[c];
          droppedComponent = c;
        }
      }
    }
    if (heaviestDropped > lightestKept) {
      problems.report(
          where
              + ": summary drops component "
              + droppedComponent
              + " (maximum "
              + SeismicVectorField.decodeWeight(heaviestDropped)
              + ") but keeps a lighter one ("
              + SeismicVectorField.decodeWeight(lightestKept)
              + ")");
    }
    if (keptMass < summaryEnergy * mass * (1 - ENERGY_SLACK)) {
      problems.report(
          where
              + ": summary keeps "
              + (keptMass / mass)
              + " of the block's mass, summary_energy is "
              + summaryEnergy);
    }
  }

  /**
   * How far a dequantized value may be from the maximum it stands for. QuantizedSummary stores
   * {@code code = clamp(round((w − min) / step), 0, 255)} with min the smallest kept maximum and
   * step a 255th of the range, so every kept w lies in [min, min + 255·step] and rounding to
   * nearest puts {@code min + step·code} within step / 2 of it. Float arithmetic (the subtraction
   * and division when quantizing, the product and sum when dequantizing) adds less than 4 ulps of
   * the largest value; and a step that underflows to 0 (kept maxima within 127 subnormals of each
   * other) leaves every code 0, off by at most that difference, hence the 256 subnormals.
   */
  static float tolerance(float min, float step) {
    float top = Math.abs(min + 255f * step);
    return step / 2 + 4 * Math.ulp(top) + 256 * Float.MIN_VALUE;
  }
}
