package dev.seismic.opensearch.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Compares an expected JSON value with an actual one, the way the REST conformance cases say (see
 * {@code src/test/rest-conformance/README.md}): objects match on the keys the expectation lists,
 * arrays element by element with the same length, numbers within a relative 1e-4, the string
 * {@code "$any"} matches any value that is present, {@code "$contains:text"} matches a string
 * holding {@code text}, and {@code "$matches:regex"} matches a string in which the Java regular
 * expression is found (for a message that must name two things, such as the field and the problem).
 */
public final class SubsetMatcher {

  public static final String ANY = "$any";
  public static final String CONTAINS = "$contains:";
  public static final String MATCHES = "$matches:";
  static final double RELATIVE_TOLERANCE = 1e-4;

  private SubsetMatcher() {}

  /** Every difference, one line each, with its JSON path; empty when the actual value matches. */
  public static List<String> mismatches(Object expected, Object actual) {
    List<String> out = new ArrayList<>();
    match("$", expected, actual, out);
    return out;
  }

  private static void match(String path, Object expected, Object actual, List<String> out) {
    if (ANY.equals(expected)) {
      return;
    }
    if (expected instanceof String s && s.startsWith(CONTAINS)) {
      String needle = s.substring(CONTAINS.length());
      if (!(actual instanceof String a) || !a.contains(needle)) {
        out.add(path + ": expected a string containing [" + needle + "], got " + show(actual));
      }
    } else if (expected instanceof String s && s.startsWith(MATCHES)) {
      String regex = s.substring(MATCHES.length());
      if (!(actual instanceof String a) || !Pattern.compile(regex).matcher(a).find()) {
        out.add(path + ": expected a string matching /" + regex + "/, got " + show(actual));
      }
    } else if (expected instanceof Map<?, ?> e) {
      if (!(actual instanceof Map<?, ?> a)) {
        out.add(path + ": expected an object, got " + show(actual));
        return;
      }
      for (Map.Entry<?, ?> entry : e.entrySet()) {
        String child = path + "." + entry.getKey();
        if (!a.containsKey(entry.getKey())) {
          out.add(child + ": missing");
        } else {
          match(child, entry.getValue(), a.get(entry.getKey()), out);
        }
      }
    } else if (expected instanceof List<?> e) {
      if (!(actual instanceof List<?> a)) {
        out.add(path + ": expected an array, got " + show(actual));
        return;
      }
      if (e.size() != a.size()) {
        out.add(path + ": expected " + e.size() + " elements, got " + a.size() + ": " + show(a));
        return;
      }
      for (int i = 0; i < e.size(); i++) {
        match(path + "[" + i + "]", e.get(i), a.get(i), out);
      }
    } else if (expected instanceof Number e) {
      if (!(actual instanceof Number a) || !close(e.doubleValue(), a.doubleValue())) {
        out.add(path + ": expected " + e + ", got " + show(actual));
      }
    } else if (!Objects.equals(expected, actual)) {
      out.add(path + ": expected " + show(expected) + ", got " + show(actual));
    }
  }

  static boolean close(double expected, double actual) {
    return expected == actual
        || Math.abs(expected - actual)
            <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
  }

  private static String show(Object value) {
    String s = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
