package dev.seismic.bench;

import dev.seismic.bench.cli.CheckCommand;
import dev.seismic.bench.cli.IndexCommand;
import dev.seismic.bench.cli.SearchCommand;
import dev.seismic.bench.cli.TuneCommand;
import dev.seismic.bench.data.DataFormatException;
import dev.seismic.bench.demo.DemoCommand;
import dev.seismic.bench.harness.BenchCommand;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command-line tool ({@code seismic-cli.jar}). Each task is a picocli subcommand in its own
 * class, sharing option groups ({@code dev.seismic.bench.cli}); a new command is added to {@code
 * subcommands} below.
 */
@Command(
    name = "seismic",
    mixinStandardHelpOptions = true,
    version = "seismic-cli 0.1.0-SNAPSHOT",
    description =
        "Seismic learned-sparse retrieval for Lucene: index, search, check, tune, benchmark, demo.",
    subcommands = {
      IndexCommand.class,
      SearchCommand.class,
      CheckCommand.class,
      TuneCommand.class,
      BenchCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // No subcommand given: say what there is, and fail like any other usage error.
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true); // --format jsonl
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // Bad input (a data file, an option value, a missing path) gets its message only; the
          // message says what and where. Anything else is a bug and keeps its stack trace.
          if (isUserError(e) && System.getenv("SEISMIC_DEBUG") == null) {
            commandLine.getErr().println("error: " + e.getMessage());
            commandLine.getErr().println("(set SEISMIC_DEBUG=1 for the stack trace)");
          } else {
            e.printStackTrace(commandLine.getErr());
          }
          return 1;
        });
    return cl;
  }

  private static boolean isUserError(Exception e) {
    return e instanceof DataFormatException
        || e instanceof NoSuchFileException
        || e instanceof FileNotFoundException // includes Lucene's IndexNotFoundException
        || e instanceof CorruptIndexException
        || e instanceof IndexFormatTooOldException
        || e instanceof IndexFormatTooNewException
        || e instanceof IllegalArgumentException;
  }
}
