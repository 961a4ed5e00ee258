package dev.seismic.lucene.codecs;

import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.FieldStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;

/** What the Seismic structures of a field hold in each segment, and the heap they use. */
public final class SeismicStats {
  private SeismicStats() {}

  /**
   * One segment's figures.
   *
   * @param segment the segment's name
   * @param maxDoc documents in the segment
   * @param build what the build produced (terms, entries, λ, postings, blocks, summary entries)
   * @param heapBytes heap held by the field's Seismic structures (their metadata; data is mapped)
   */
  public record Segment(String segment, int maxDoc, FieldStats build, long heapBytes) {}

  /** Figures for each segment that has the field. */
  public static List<Segment> of(IndexReader reader, String field) throws IOException {
    List<Segment> segments = new ArrayList<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      FieldIndex index = SeismicTerms.get(leaf.reader(), field);
      if (index == null) {
        continue;
      }
      String name =
          FilterLeafReader.unwrap(leaf.reader()) instanceof SegmentReader sr
              ? sr.getSegmentName()
              : "leaf " + leaf.ord;
      segments.add(new Segment(name, index.maxDoc(), index.stats(), index.ramBytesUsed()));
    }
    return segments;
  }
}
