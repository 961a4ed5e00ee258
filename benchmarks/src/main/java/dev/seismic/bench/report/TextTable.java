package dev.seismic.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: the first column left-aligned, the others right-aligned unless marked with
 * {@link #leftAligned(int)}, columns separated by two spaces. Enough for readable terminal output
 * without a dependency.
 */
public final class TextTable {

  private final List<String[]> rows = new ArrayList<>();
  private final String indent;
  private final java.util.Set<Integer> left = new java.util.HashSet<>(java.util.Set.of(0));

  public TextTable(String indent) {
    this.indent = indent;
  }

  /** Aligns a column (0-based) to the left, e.g. one holding remarks. */
  public TextTable leftAligned(int column) {
    left.add(column);
    return this;
  }

  public TextTable row(String... cells) {
    rows.add(cells);
    return this;
  }

  public void print(PrintStream out) {
    int columns = 0;
    for (String[] r : rows) {
      columns = Math.max(columns, r.length);
    }
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder(indent);
      for (int c = 0; c < r.length; c++) {
        if (c > 0) {
          sb.append("  ");
        }
        String pad = " ".repeat(width[c] - r[c].length());
        sb.append(left.contains(c) ? r[c] + pad : pad + r[c]);
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
