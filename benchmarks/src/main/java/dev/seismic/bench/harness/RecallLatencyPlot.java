package dev.seismic.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The recall–latency plot (PNG, drawn with XChart, Apache-2.0): mean single-thread latency on a log
 * axis against recall@k, one series per Seismic index (and knn, when knn is swept; its query
 * settings sorted by latency) and one point per exact system.
 */
public final class RecallLatencyPlot {

  private RecallLatencyPlot() {}

  public static void write(BenchResults r, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true"); // servers and CI have no display
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(650)
            .title(
                "Recall@"
                    + r.setup().k()
                    + " vs mean latency: "
                    + r.data().label()
                    + String.format(java.util.Locale.ROOT, ", %,d docs", r.data().documents()))
            .xAxisTitle("mean latency per query, ms (one thread)")
            .yAxisTitle("recall@" + r.setup().k() + " vs brute force on float weights")
            .build();
    double min =
        r.runs().stream().mapToDouble(BenchResults.Run::meanMs).filter(x -> x > 0).min().orElse(1);
    double max = r.runs().stream().mapToDouble(BenchResults.Run::meanMs).max().orElse(1);
    // A log axis is labelled at powers of ten only: use it when latencies span a decade or more.
    chart.getStyler().setXAxisLogarithmic(max / min >= 10);
    chart.getStyler().setXAxisDecimalPattern("0.###");
    chart.getStyler().setMarkerSize(8);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    boolean refines = r.setup().knns().stream().anyMatch(knn -> knn > 0);
    Map<String, List<BenchResults.Run>> series = new LinkedHashMap<>();
    for (BenchResults.Run run : r.runs()) {
      // With knn swept, each knn of an index is a series of its own: it shifts the whole curve.
      String key =
          run.kind().equals("seismic")
              ? "Seismic " + run.index() + (refines ? " knn=" + run.knn() : "")
              : run.system();
      series.computeIfAbsent(key, x -> new ArrayList<>()).add(run);
    }
    for (Map.Entry<String, List<BenchResults.Run>> e : series.entrySet()) {
      List<BenchResults.Run> runs = new ArrayList<>(e.getValue());
      runs.removeIf(x -> Double.isNaN(x.recall()) || !(x.meanMs() > 0));
      if (runs.isEmpty()) {
        continue;
      }
      runs.sort((a, b) -> Double.compare(a.meanMs(), b.meanMs()));
      double[] x = runs.stream().mapToDouble(BenchResults.Run::meanMs).toArray();
      double[] y = runs.stream().mapToDouble(BenchResults.Run::recall).toArray();
      XYSeries s = chart.addSeries(e.getKey(), x, y);
      s.setMarker(SeriesMarkers.CIRCLE);
      // Query settings of one index form a scatter, not a curve: no lines.
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
