package dev.seismic.bench.cache;

import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorSet;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Generated document sets cached on disk, so a rerun of a benchmark on 1M documents does not
 * regenerate them. Body: the token table once, then per vector its id, its token numbers and its
 * float weights (bit-exact).
 */
public final class VectorSetCache {

  /** Bumped whenever the body layout changes. */
  public static final int FORMAT_VERSION = 1;

  private final Path dir;

  public VectorSetCache(Path dir) {
    this.dir = dir;
  }

  /** The file that holds {@code key}'s entry. */
  public Path file(String key) {
    return dir.resolve(CacheFile.fileName(key, "vectors"));
  }

  /** The cached set for {@code key}, or {@code compute}'s result, then stored. */
  public VectorSet getOrCompute(String key, TokenInterner interner, Supplier<VectorSet> compute)
      throws IOException {
    Optional<VectorSet> cached =
        CacheFile.read(file(key), FORMAT_VERSION, key, in -> read(in, interner));
    if (cached.isPresent()) {
      return cached.get();
    }
    VectorSet computed = compute.get();
    CacheFile.write(file(key), FORMAT_VERSION, key, out -> write(out, computed));
    return computed;
  }

  /** Whether {@code key} is cached (a file is present; it is validated on reading). */
  public boolean contains(String key) {
    return java.nio.file.Files.isRegularFile(file(key));
  }

  private static void write(DataOutputStream out, VectorSet set) throws IOException {
    Map<String, Integer> ids = new HashMap<>();
    java.util.List<String> table = new java.util.ArrayList<>();
    for (int v = 0; v < set.size(); v++) {
      for (String t : set.tokens(v)) {
        if (ids.putIfAbsent(t, table.size()) == null) {
          table.add(t);
        }
      }
    }
    out.writeInt(table.size());
    for (String t : table) {
      out.writeUTF(t);
    }
    out.writeInt(set.size());
    for (int v = 0; v < set.size(); v++) {
      out.writeUTF(set.id(v));
      String[] tokens = set.tokens(v);
      float[] weights = set.weights(v);
      out.writeInt(tokens.length);
      for (String t : tokens) {
        out.writeInt(ids.get(t));
      }
      for (float w : weights) {
        out.writeFloat(w);
      }
    }
  }

  private static VectorSet read(DataInputStream in, TokenInterner interner) throws IOException {
    String[] table = new String[in.readInt()];
    for (int t = 0; t < table.length; t++) {
      table[t] = interner.intern(in.readUTF());
    }
    int n = in.readInt();
    VectorSet.Builder b = new VectorSet.Builder();
    for (int v = 0; v < n; v++) {
      String id = in.readUTF();
      int len = in.readInt();
      String[] tokens = new String[len];
      float[] weights = new float[len];
      for (int i = 0; i < len; i++) {
        int t = in.readInt();
        if (t < 0 || t >= table.length) {
          throw new java.io.EOFException("token number out of range"); // corrupt: recompute
        }
        tokens[i] = table[t];
      }
      for (int i = 0; i < len; i++) {
        weights[i] = in.readFloat();
      }
      b.add(id, tokens, weights);
    }
    return b.build();
  }
}
