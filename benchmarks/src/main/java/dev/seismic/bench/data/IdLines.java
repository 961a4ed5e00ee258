package dev.seismic.bench.data;

/**
 * The line on which each id of a file was first seen, to report duplicate ids, in 16 bytes per id
 * at most twice over (an open-addressing table of 64-bit id hashes and line numbers) instead of a
 * {@code HashMap<String, Long>} (~110 bytes per id), so that a reader streaming millions of vectors
 * holds little more than one vector.
 *
 * <p>Ids are compared by a 64-bit hash of their characters: two different ids are taken for the
 * same with a probability of about n² / 2⁶⁵ for n ids (below 10⁻⁵ for 10 million).
 */
final class IdLines {

  private long[] hashes = new long[1024];
  private long[] lines = new long[1024];
  private int size;

  /**
   * Records {@code id} as seen at {@code line}; returns the line it was first seen at, or -1 if it
   * is new.
   */
  long putIfAbsent(String id, long line) {
    long h = hash(id);
    int mask = hashes.length - 1;
    for (int i = (int) mix(h) & mask; ; i = (i + 1) & mask) {
      if (lines[i] == 0) {
        hashes[i] = h;
        lines[i] = line + 1; // 0 marks an empty slot
        if (++size * 2 > hashes.length) {
          grow();
        }
        return -1;
      }
      if (hashes[i] == h) {
        return lines[i] - 1;
      }
    }
  }

  private void grow() {
    long[] oldHashes = hashes;
    long[] oldLines = lines;
    hashes = new long[oldHashes.length * 2];
    lines = new long[oldLines.length * 2];
    int mask = hashes.length - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      if (oldLines[j] != 0) {
        int i = (int) mix(oldHashes[j]) & mask;
        while (lines[i] != 0) {
          i = (i + 1) & mask;
        }
        hashes[i] = oldHashes[j];
        lines[i] = oldLines[j];
      }
    }
  }

  /** FNV-1a over the UTF-16 code units, then a final avalanche. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h ^ s.length());
  }

  /** The finaliser of SplitMix64. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
