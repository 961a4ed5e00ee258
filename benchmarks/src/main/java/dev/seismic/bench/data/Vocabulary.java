package dev.seismic.bench.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A token list where line {@code i} (0-based) is the token of id {@code i}, such as {@code
 * bert-base-uncased-vocab.txt}. Binary Seismic files store token ids; this maps them back to the
 * word pieces the other formats use, so that all formats index the same terms.
 */
public final class Vocabulary {

  private final String[] tokens;
  private final Map<String, Integer> ids;

  private Vocabulary(String[] tokens, Map<String, Integer> ids) {
    this.tokens = tokens;
    this.ids = ids;
  }

  /** Reads one token per line; an empty line or a repeated token is an error. */
  public static Vocabulary load(Path file, TokenInterner interner) throws IOException {
    List<String> list = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        long lineNo = list.size() + 1L;
        if (line.isEmpty()) {
          throw DataFormatException.atLine(file, lineNo, "empty token");
        }
        Integer previous = ids.putIfAbsent(line, list.size());
        if (previous != null) {
          throw DataFormatException.atLine(
              file, lineNo, "token '" + line + "' already at line " + (previous + 1));
        }
        list.add(interner.intern(line));
      }
    }
    return new Vocabulary(list.toArray(new String[0]), ids);
  }

  /** A vocabulary from tokens in id order (for tests and generated data). */
  public static Vocabulary of(String... tokens) {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < tokens.length; i++) {
      if (ids.putIfAbsent(tokens[i], i) != null) {
        throw new IllegalArgumentException("token '" + tokens[i] + "' given twice");
      }
    }
    return new Vocabulary(tokens.clone(), ids);
  }

  public int size() {
    return tokens.length;
  }

  /** The token of an id in {@code [0, size())}. */
  public String token(int id) {
    return tokens[id];
  }

  /** The id of a token, or -1 if it is not in the vocabulary. */
  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? -1 : id;
  }
}
