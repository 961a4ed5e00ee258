package dev.seismic.bench.lucene;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;

/** Maps Lucene doc ids to positions in the indexed {@code VectorSet}, read once per reader. */
public final class DocOrdinals {

  private DocOrdinals() {}

  /** {@code result[docId]} is the document's position in the data, or -1 if it has none. */
  public static int[] read(IndexReader reader) throws IOException {
    int[] ords = new int[reader.maxDoc()];
    Arrays.fill(ords, -1);
    for (LeafReaderContext leaf : reader.leaves()) {
      NumericDocValues values = leaf.reader().getNumericDocValues(IndexBuilder.ORD_FIELD);
      if (values == null) {
        continue;
      }
      for (int d = values.nextDoc(); d != NumericDocValues.NO_MORE_DOCS; d = values.nextDoc()) {
        ords[leaf.docBase + d] = Math.toIntExact(values.longValue());
      }
    }
    return ords;
  }
}
