package dev.seismic.opensearch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.seismic.lucene.search.SeismicQueryParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The plugin's README states the query's defaults as the core has them ({@link
 * SeismicQueryParams}), so that the two cannot drift apart again: its query parameter table must
 * give {@code query_cut}, {@code heap_factor} and {@code knn} the core's defaults and {@code k} the
 * request's {@code from + size} with the core's fallback.
 */
public class ReadmeDefaultsTests {

  private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| ([^|]+) \\|");

  /** The default column of each query parameter row, by parameter (each row found once). */
  private static List<String> defaults(String parameter) throws IOException {
    Path readme = Path.of("README.md");
    assertTrue("no README.md in " + Path.of("").toAbsolutePath(), Files.exists(readme));
    List<String> found = new ArrayList<>();
    for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
      Matcher m = ROW.matcher(line);
      if (m.find() && m.group(1).equals(parameter)) {
        found.add(m.group(2).strip());
      }
    }
    return found;
  }

  @Test
  public void queryCutAndHeapFactorAreTheCoresDefaults() throws IOException {
    assertEquals(
        List.of(Integer.toString(SeismicQueryParams.DEFAULT_QUERY_CUT)),
        defaults(SeismicQueryParams.QUERY_CUT));
    assertEquals(
        List.of(Float.toString(SeismicQueryParams.DEFAULT_HEAP_FACTOR)),
        defaults(SeismicQueryParams.HEAP_FACTOR));
  }

  @Test
  public void knnIsTheCoresDefault() throws IOException {
    assertEquals(
        List.of(Integer.toString(SeismicQueryParams.DEFAULT_KNN)),
        defaults(SeismicQueryParams.KNN));
  }

  @Test
  public void kIsFromPlusSizeWithTheCoresFallback() throws IOException {
    List<String> k = defaults(SeismicQueryParams.K);
    assertEquals(k.toString(), 1, k.size());
    assertTrue(k.get(0), k.get(0).contains("from + size"));
    assertTrue(k.get(0), k.get(0).contains(Integer.toString(SeismicQueryParams.DEFAULT_K)));
  }

  @Test
  public void requiredParametersAreSaidToBe() throws IOException {
    assertEquals(List.of("required"), defaults(SeismicQueryParams.FIELD));
    assertEquals(List.of("required"), defaults(SeismicQueryParams.QUERY_VECTOR));
  }
}
