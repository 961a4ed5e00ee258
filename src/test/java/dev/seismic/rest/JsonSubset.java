package dev.seismic.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The matching rule of the shared REST conformance cases: is {@code actual} a match for {@code
 * expected}?
 *
 * <ul>
 *   <li>objects: every key listed in the expectation matches, recursively; other keys are ignored;
 *   <li>arrays: same length, element by element;
 *   <li>numbers: within a relative 1e-4;
 *   <li>{@code "$any"} matches any value (the key must be present); a string starting with {@code
 *       "$contains:"} matches a string that contains the rest; one starting with {@code
 *       "$matches:"} matches a string in which the rest, a Java regular expression, is found (for a
 *       message that must name two things, such as the field and the problem);
 *   <li>anything else: equal.
 * </ul>
 */
public final class JsonSubset {

  static final String ANY = "$any";
  static final String CONTAINS = "$contains:";
  static final String MATCHES = "$matches:";
  private static final double RELATIVE_TOLERANCE = 1e-4;

  private JsonSubset() {}

  /** The mismatches, one line each with its JSON path; empty when {@code actual} matches. */
  public static List<String> mismatches(Object expected, Object actual) {
    List<String> out = new ArrayList<>();
    compare("$", expected, actual, out);
    return out;
  }

  private static void compare(String path, Object expected, Object actual, List<String> out) {
    if (ANY.equals(expected)) {
      return;
    }
    if (expected instanceof String s && s.startsWith(CONTAINS)) {
      String needle = s.substring(CONTAINS.length());
      if (actual instanceof String a && a.contains(needle)) {
        return;
      }
      out.add(path + ": expected a string containing [" + needle + "] but got " + show(actual));
      return;
    }
    if (expected instanceof String s && s.startsWith(MATCHES)) {
      String regex = s.substring(MATCHES.length());
      if (actual instanceof String a && Pattern.compile(regex).matcher(a).find()) {
        return;
      }
      out.add(path + ": expected a string matching /" + regex + "/ but got " + show(actual));
      return;
    }
    if (expected instanceof Map<?, ?> e) {
      if (!(actual instanceof Map<?, ?> a)) {
        out.add(path + ": expected an object but got " + show(actual));
        return;
      }
      for (Map.Entry<?, ?> entry : e.entrySet()) {
        String childPath = path + "." + entry.getKey();
        if (a.containsKey(entry.getKey()) == false) {
          out.add(childPath + ": missing");
          continue;
        }
        compare(childPath, entry.getValue(), a.get(entry.getKey()), out);
      }
      return;
    }
    if (expected instanceof List<?> e) {
      if (!(actual instanceof List<?> a)) {
        out.add(path + ": expected an array but got " + show(actual));
        return;
      }
      if (a.size() != e.size()) {
        out.add(path + ": expected " + e.size() + " elements but got " + a.size() + ": " + show(a));
        return;
      }
      for (int i = 0; i < e.size(); i++) {
        compare(path + "[" + i + "]", e.get(i), a.get(i), out);
      }
      return;
    }
    if (expected instanceof Number e) {
      if (actual instanceof Number a && closeEnough(e.doubleValue(), a.doubleValue())) {
        return;
      }
      out.add(path + ": expected " + expected + " but got " + show(actual));
      return;
    }
    if (Objects.equals(expected, actual) == false) {
      out.add(path + ": expected " + show(expected) + " but got " + show(actual));
    }
  }

  static boolean closeEnough(double expected, double actual) {
    if (expected == actual) {
      return true;
    }
    double scale = Math.max(Math.abs(expected), Math.abs(actual));
    return Math.abs(expected - actual) <= RELATIVE_TOLERANCE * scale;
  }

  private static String show(Object value) {
    String s = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
