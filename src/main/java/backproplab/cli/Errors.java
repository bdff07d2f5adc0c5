package backproplab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import backproplab.InvalidInputException;
import backproplab.report.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Bad input and failures end in one line on stderr that names the problem, and a non-zero exit
 * code; never a stack trace (set BACKPROP_LAB_DEBUG=1 to see one).
 */
final class Errors {

    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

    private Errors() {}

    static int onBadInput(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        // picocli starts some messages with "Error: ", which our own prefix already says.
        String message = e.getMessage().replaceFirst("^Error: ", "");
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        cmd.getErr().println(prefix(cmd) + message + " (see " + Defaults.launcher()
                + (cmd.getParent() == null ? "" : " " + cmd.getCommandName()) + " --help)");
        return BAD_INPUT;
    }

    /** "backprop-lab train: error: ", or "backprop-lab: error: " before a command is known. */
    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": error: ";
    }

    static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
        if (System.getenv("BACKPROP_LAB_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().println(prefix(cmd) + describe(e));
        return isBadInput(e) ? BAD_INPUT : FAILED;
    }

    /** Something the user named is wrong or cannot be written: they can act on it. */
    private static boolean isBadInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException
                    || t instanceof AtomicFiles.CannotWriteException) {
                return true;
            }
        }
        return false;
    }

    /** Bad input that does not stop the command's other work (one unreadable picture of many). */
    static void report(CommandLine cmd, String message) {
        cmd.getErr().println("backprop-lab " + cmd.getCommandName() + ": error: " + message);
    }

    /** Something the user should know that does not stop the command. */
    static void warn(CommandLine cmd, String message) {
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": warning: " + message);
    }

    /**
     * The JVM ran out of memory: say so in one line. Thrown as an Error, it passes picocli's
     * handlers, so {@link BackpropLab#execute} catches it.
     */
    static int onOutOfMemory(OutOfMemoryError e, String[] args) {
        if (System.getenv("BACKPROP_LAB_DEBUG") != null) {
            e.printStackTrace();
        }
        String command = args.length > 0 && !args[0].startsWith("-") ? " " + args[0] : "";
        System.err.println("backprop-lab" + command + ": error: out of memory (" + e.getMessage()
                + "); use smaller values, or give Java more with"
                + " BACKPROP_LAB_JAVA_OPTS=-Xmx<size>");
        return FAILED;
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return t instanceof IOException && !(t instanceof AtomicFiles.CannotWriteException)
                && t.getClass() != IOException.class
                ? t.getClass().getSimpleName() + ": " + message : message;
    }
}
