package org.unet4j.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.io.OutputException;
import org.unet4j.model.NativeLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code unet}: the command line. Each sub-command is one class. Exceptions become one-line
 * messages and exit codes here, and nowhere else:
 *
 * <ul>
 *   <li>0: success;
 *   <li>1: a bug (message only; the stack trace with {@code --verbose});
 *   <li>2: bad input ({@link InvalidInputException}, or an option picocli rejects), or an output
 *       the file system refuses ({@link OutputException}: full, read-only, no permission);
 *   <li>3: the native engine (libtorch) could not be loaded;
 *   <li>130: interrupted.
 * </ul>
 */
@Command(
        name = "unet",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "U-Net (Ronneberger et al. 2015) for biomedical image segmentation: train, predict, evaluate.",
        subcommands = {
            InfoCommand.class,
            InspectCommand.class,
            PredictCommand.class,
            ExportCommand.class,
            BenchCommand.class,
            WeightsCommand.class,
            AugmentCommand.class,
            EvaluateCommand.class,
            SynthCommand.class,
            TrainCommand.class,
            ReportCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_BUG = 1;
    public static final int EXIT_INPUT = 2;
    public static final int EXIT_NATIVE = 3;
    /** unet train --on-stall stop: the run stopped because its network stopped learning. */
    public static final int EXIT_STALLED = 4;
    public static final int EXIT_INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of internal errors and more detail.")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line in this JVM with the process's standard streams; returns the exit code. */
    public static int execute(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /** The configured command line writing to the given streams (for tests and embedding). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler(Main::handleBadOption);
        return cl;
    }

    /** An option picocli rejects (unknown, missing, bad value): one line and a pointer to the help, exit 2. */
    private static int handleBadOption(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName(" ");
        PrintWriter err = cmd.getErr();
        String explained = cmd.getCommand() instanceof TrainCommand ? TrainCommand.explain(ex) : null;
        String message = explained != null ? explained
                : ex.getCause() instanceof Converters.Refused r ? r.getMessage() : String.valueOf(ex.getMessage());
        err.println(name + ": " + message.replaceAll("\\s*\\R\\s*", " ").strip()
                + "; see '" + name + " --help'");
        err.flush();
        return EXIT_INPUT;
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String name = "unet " + cmd.getCommandName();
        boolean verbose = Arrays.asList(parsed.originalArgs().toArray(new String[0])).contains("--verbose");
        Throwable t = ex;
        // the library's messages name the settings as this command line's options
        if (t instanceof InvalidInputException e) {
            err.println(name + ": " + e.message(Naming.CLI));
            return EXIT_INPUT;
        }
        if (t instanceof OutputException e) {
            err.println(name + ": " + e.message(Naming.CLI));
            return EXIT_INPUT;
        }
        if (t instanceof UncheckedIOException && OutputException.knownReason(t) != null) {
            // a write the file system refused (full, read-only, permission) that no caller named better
            err.println(name + ": " + OutputException.knownReason(t) + ": " + t.getMessage());
            return EXIT_INPUT;
        }
        if (t instanceof NativeLoadException) {
            err.println(name + ": " + t.getMessage());
            if (verbose) {
                t.printStackTrace(err);
            }
            return EXIT_NATIVE;
        }
        if (t instanceof InterruptedException) {
            err.println(name + ": interrupted");
            return EXIT_INTERRUPTED;
        }
        err.println(name + ": internal error: " + t + (verbose ? "" : " (run with --verbose for the stack trace)"));
        if (verbose) {
            t.printStackTrace(err);
        }
        err.flush();
        return EXIT_BUG;
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"unet4j " + (v == null ? "dev" : v) + " (libtorch 2.10.0 via JavaCPP 1.5.13)"};
        }
    }
}
