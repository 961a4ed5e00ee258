package dev.seismic.bench.data;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * The quantisation scale Q of a pretokenized-impact file ({@code weight = count / Q}).
 *
 * <p>The files do not record Q; it depends on how Anserini exported each topic set, so it is
 * decided here from the file name, following {@code shared/data/README.md}:
 *
 * <ul>
 *   <li>{@code Q = 1000}: {@code topics.msmarco-passage.*}, {@code topics.msmarco-v2-passage.*},
 *       {@code topics.dl19-passage.*}, {@code topics.dl20.*}, {@code topics.dl21.*}, {@code
 *       topics.dl22.*} encoded with SPLADE++ ED ({@code splade-pp-ed});
 *   <li>{@code Q = 100}: every BEIR file, and every file of the CoCondenser-medium encoder;
 *   <li>unknown: {@code topics.dl23.*} and anything not listed; such files are left out, because a
 *       wrong Q silently scales every score of the file and distorts a pooled corpus.
 * </ul>
 */
public final class ImpactScale {

  private static final List<String> SPLADE_PP_ED_Q1000 =
      List.of(
          "topics.msmarco-passage.",
          "topics.msmarco-v2-passage.",
          "topics.dl19-passage.",
          "topics.dl20.",
          "topics.dl21.",
          "topics.dl22.");

  private ImpactScale() {}

  /** Q for a file, or empty when it is not known (the file should then be skipped). */
  public static OptionalInt of(Path file) {
    String name = file.getFileName().toString();
    Path parent = file.getParent();
    String folder =
        parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
    return of(name, folder);
  }

  /** Q for a file name inside a folder (the folder tells the encoder when the name does not). */
  public static OptionalInt of(String fileName, String folderName) {
    if (fileName.startsWith("topics.dl23.")) {
      return OptionalInt.empty();
    }
    if (fileName.startsWith("topics.beir-")) {
      return OptionalInt.of(100);
    }
    boolean cocondenser =
        fileName.contains("cocodenser_medium")
            || fileName.contains("cocondenser_medium")
            || folderName.equals("cocondenser-medium");
    if (cocondenser) {
      return OptionalInt.of(100);
    }
    boolean spladePpEd = fileName.contains(".splade-pp-ed.") || folderName.equals("splade-pp-ed");
    if (spladePpEd) {
      for (String prefix : SPLADE_PP_ED_Q1000) {
        if (fileName.startsWith(prefix)) {
          return OptionalInt.of(1000);
        }
      }
    }
    return OptionalInt.empty();
  }

  /**
   * The data set a file holds, used to prefix ids when files are pooled (ids are unique within a
   * file only): {@code topics.beir-v1.0.0-nq.test.splade-pp-ed.tsv.gz} gives {@code
   * beir-v1.0.0-nq.test}.
   */
  public static String datasetName(Path file) {
    String name = file.getFileName().toString();
    if (name.startsWith("topics.")) {
      name = name.substring("topics.".length());
    }
    for (String ext : new String[] {".tsv.gz", ".tsv"}) {
      if (name.endsWith(ext)) {
        name = name.substring(0, name.length() - ext.length());
        break;
      }
    }
    // The last dotted component names the encoder, which is the same for a whole pool.
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
