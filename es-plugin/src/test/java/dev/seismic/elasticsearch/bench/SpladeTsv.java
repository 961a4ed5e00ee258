package dev.seismic.elasticsearch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the shared SPLADE files ({@code ../shared/data/splade/}): gzip TSV, one vector per line,
 * {@code id<TAB>tok tok tok ...} with each word piece repeated round(weight · Q) times.
 */
final class SpladeTsv {

  record Vector(String id, Map<String, Float> weights) {}

  private SpladeTsv() {}

  /** Q for a file, from the data README: 1000 for the MS MARCO/TREC DL topic files, else 100. */
  static int scale(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("topics.msmarco") || name.startsWith("topics.dl") ? 1000 : 100;
  }

  static List<Vector> read(Path file, String idPrefix, int limit) throws IOException {
    int q = scale(file);
    List<Vector> out = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null && out.size() < limit; line = in.readLine()) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
          continue;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String token : line.substring(tab + 1).split(" ")) {
          if (token.isEmpty() == false) {
            counts.merge(token, 1, Integer::sum);
          }
        }
        Map<String, Float> weights = new LinkedHashMap<>();
        counts.forEach((token, count) -> weights.put(token, count / (float) q));
        if (weights.isEmpty() == false) {
          out.add(new Vector(idPrefix + line.substring(0, tab), weights));
        }
      }
    }
    return out;
  }
}
