package dev.seismic.bench.data;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the shared real-data folder ({@code shared/data}, beside the project checkout).
 *
 * <p>The data is read in place and never copied into the repository. Order of search:
 *
 * <ol>
 *   <li>the system property {@value #PROPERTY} (Maven's surefire sets it); when it is set it is the
 *       only place looked at, so a test run never picks up some other copy by accident;
 *   <li>{@code ../shared/data} relative to the working directory;
 *   <li>{@code ../shared/data} relative to the repository root, found by walking up from the
 *       working directory, then from the location of this code (e.g. {@code
 *       benchmarks/target/seismic-cli.jar}).
 * </ol>
 *
 * Returns empty when none exists, so callers can fall back (the demo) or skip (tests).
 */
public final class SharedData {

  /** The system property that names the folder. */
  public static final String PROPERTY = "seismic.shared.data";

  /** Where the SPLADE++ ED files are, relative to the folder. */
  public static final String SPLADE_PP_ED = "splade/splade-pp-ed";

  private SharedData() {}

  /** The folder, if it exists. */
  public static Optional<Path> locate() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      Path p = Path.of(property).toAbsolutePath().normalize();
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path candidate : candidates()) {
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The SPLADE++ ED folder inside the shared folder. */
  public static Path spladePpEd(Path sharedData) {
    return sharedData.resolve(SPLADE_PP_ED);
  }

  /** The directories tried when the property is not set, in order. */
  static List<Path> candidates() {
    List<Path> out = new ArrayList<>();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    out.add(shared(cwd));
    repoRootAbove(cwd).ifPresent(root -> out.add(shared(root)));
    codeLocation().flatMap(SharedData::repoRootAbove).ifPresent(root -> out.add(shared(root)));
    return out;
  }

  private static Path shared(Path dir) {
    Path parent = dir.getParent() == null ? dir : dir.getParent();
    return parent.resolve("shared").resolve("data").normalize();
  }

  /** The nearest directory at or above {@code start} holding the {@code seismic} launcher. */
  private static Optional<Path> repoRootAbove(Path start) {
    for (Path d = start; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("seismic")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> codeLocation() {
    try {
      var source = SharedData.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty(); // an unusual class loader: just look elsewhere
    }
  }
}
