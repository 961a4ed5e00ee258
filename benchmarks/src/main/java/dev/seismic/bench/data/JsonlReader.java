package dev.seismic.bench.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads Seismic's JSONL input format: one JSON object per line, {@code {"id": ..., "content":
 * "...", "vector": {"token": weight, ...}}}.
 *
 * <p>{@code id} may be a number or a string and {@code content} is ignored; other fields are
 * skipped. An empty {@code vector} is kept (it is a valid document that matches nothing). Errors
 * name the file and line: malformed JSON, a missing id or vector, a weight that is not a number, a
 * token given twice, a duplicate id, or a vector the index would refuse.
 */
public final class JsonlReader {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private JsonlReader() {}

  /** Reads at most {@code limit} vectors; {@code .gz} files are decompressed on the fly. */
  public static VectorSet read(Path file, String idPrefix, TokenInterner interner, int limit)
      throws IOException {
    VectorSet.Builder out = new VectorSet.Builder();
    forEach(file, idPrefix, interner, limit, out::add);
    return out.build();
  }

  /**
   * Hands at most {@code limit} vectors to {@code sink} as they are read, holding none of them;
   * returns how many were read.
   */
  public static long forEach(
      Path file, String idPrefix, TokenInterner interner, long limit, VectorSink sink)
      throws IOException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16)) {
      return parse(file, reader, idPrefix, interner, limit, sink);
    }
  }

  private static long parse(
      Path file,
      BufferedReader reader,
      String idPrefix,
      TokenInterner interner,
      long limit,
      VectorSink sink)
      throws IOException {
    long count = 0;
    IdLines firstLineOfId = new IdLines();
    long lineNo = 0;
    String line;
    while (count < limit) {
      try {
        line = reader.readLine();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw DataFormatException.atLine(file, lineNo + 1, "invalid UTF-8", e);
      }
      if (line == null) {
        break;
      }
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      Parsed p;
      try {
        p = parseLine(line, interner);
      } catch (JsonProcessingException e) {
        throw DataFormatException.atLine(
            file, lineNo, "malformed JSON: " + e.getOriginalMessage(), e);
      } catch (BadRecord e) {
        throw DataFormatException.atLine(file, lineNo, e.getMessage());
      }
      long previous = firstLineOfId.putIfAbsent(p.id, lineNo);
      if (previous >= 0) {
        throw DataFormatException.atLine(
            file, lineNo, "duplicate id '" + p.id + "' (first seen at line " + previous + ")");
      }
      String problem = VectorRules.problem(p.tokens, p.weights);
      if (problem != null) {
        throw DataFormatException.atLine(file, lineNo, "vector '" + p.id + "': " + problem);
      }
      sink.add(idPrefix + p.id, p.tokens, p.weights);
      count++;
    }
    return count;
  }

  private record Parsed(String id, String[] tokens, float[] weights) {}

  /** A well-formed JSON line that is not a valid record; the message says why. */
  private static final class BadRecord extends Exception {
    BadRecord(String message) {
      super(message, null, false, false);
    }
  }

  private static Parsed parseLine(String line, TokenInterner interner)
      throws IOException, BadRecord {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadRecord("expected a JSON object {\"id\": ..., \"vector\": {...}}");
      }
      String id = null;
      List<String> tokens = null;
      List<Float> weights = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "id" -> {
            if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_STRING) {
              throw new BadRecord("\"id\" must be an integer or a string, got " + value);
            }
            id = p.getText();
          }
          case "vector" -> {
            if (value != JsonToken.START_OBJECT) {
              throw new BadRecord("\"vector\" must be an object {\"token\": weight, ...}");
            }
            tokens = new ArrayList<>();
            weights = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String token = p.currentName();
              JsonToken w = p.nextToken();
              if (w != JsonToken.VALUE_NUMBER_INT && w != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new BadRecord(
                    "the weight of token \"" + token + "\" is not a number: " + p.getText());
              }
              if (!seen.add(token)) {
                throw new BadRecord("token \"" + token + "\" appears twice in the vector");
              }
              tokens.add(interner.intern(token));
              weights.add((float) p.getDoubleValue());
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new BadRecord("malformed object");
      }
      if (p.nextToken() != null) {
        throw new BadRecord("unexpected content after the JSON object");
      }
      if (id == null) {
        throw new BadRecord("missing \"id\"");
      }
      if (tokens == null) {
        throw new BadRecord("missing \"vector\"");
      }
      float[] w = new float[weights.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = weights.get(i);
      }
      return new Parsed(id, tokens.toArray(new String[0]), w);
    }
  }
}
