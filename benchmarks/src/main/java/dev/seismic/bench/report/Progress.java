package dev.seismic.bench.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * A one-line progress indicator on stderr, redrawn in place with a carriage return and only when
 * stderr is a terminal, so redirected output stays free of progress noise.
 */
public final class Progress implements IntConsumer {

  private final PrintStream err;
  private final boolean enabled;
  private final String label;
  private final int total;
  private long lastDraw;

  private Progress(PrintStream err, boolean enabled, String label, int total) {
    this.err = err;
    this.enabled = enabled;
    this.label = label;
    this.total = total;
  }

  /** Progress for {@code total} steps, shown if there is a console. */
  public static Progress start(String label, int total) {
    return new Progress(System.err, interactive(), label, total);
  }

  /** Progress for {@code total} steps, or an unknown number when it is negative. */
  public static Progress start(String label, long total) {
    return start(label, total < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, total));
  }

  /**
   * Whether a person is watching. Since JDK 22 {@code System.console()} is non-null even when
   * output is redirected, and {@code Console.isTerminal()} (JDK 22+) tells; on JDK 21 a non-null
   * console already means a terminal. This code targets JDK 21, hence the reflective call.
   */
  private static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Reports that {@code done} steps are complete; draws at most ten times a second. */
  @Override
  public void accept(int done) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if ((total < 0 || done < total) && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    if (total < 0) {
      err.printf(Locale.ROOT, "\r%s %,d ", label, done);
    } else {
      err.printf(Locale.ROOT, "\r%s %,d/%,d ", label, done, total);
    }
    err.flush();
  }

  /** Clears the line. */
  public void done() {
    if (enabled) {
      err.print("\r" + " ".repeat(label.length() + 30) + "\r");
      err.flush();
    }
  }
}
