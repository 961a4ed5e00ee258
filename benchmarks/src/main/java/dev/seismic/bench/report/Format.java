package dev.seismic.bench.report;

import java.util.Locale;

/** Number formats used in reports; always Locale.ROOT so output is the same everywhere. */
public final class Format {

  private Format() {}

  public static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  public static String millis(double nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  public static String ratio(double r) {
    return String.format(Locale.ROOT, "%.1fx", r);
  }

  public static String recall(double r) {
    return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.4f", r);
  }

  public static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  /** Bytes in binary units, e.g. "12.3 MiB". */
  public static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
