package dev.seismic.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: the first column left-aligned, the others right-aligned, columns separated by
 * two spaces. Enough for readable terminal output without a dependency.
 */
public final class TextTable {

  private final List<String[]> rows = new ArrayList<>();
  private final String indent;

  public TextTable(String indent) {
    this.indent = indent;
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
        sb.append(c == 0 ? r[c] + pad : pad + r[c]);
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
