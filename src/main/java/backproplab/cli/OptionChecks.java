package backproplab.cli;

import backproplab.Bounds;
import backproplab.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values; a failure names the option and ends as one line, exit code 2. */
final class OptionChecks {

    private final CommandLine command;

    OptionChecks(CommandSpec spec) {
        this.command = spec.commandLine();
    }

    int atLeast(String option, int n, int min) {
        return obey(() -> Bounds.atLeast(option, n, min));
    }

    /**
     * The value a rule gives, or the rule's failure as bad input: for the records that check
     * themselves ({@code Recipe}, {@code TrainSettings}), whose messages name the option.
     */
    <T> T obey(Supplier<T> rule) {
        try {
            return rule.get();
        } catch (InvalidInputException e) {
            throw bad(e.getMessage());
        }
    }

    ParameterException bad(String message) {
        return new ParameterException(command, message);
    }

    /**
     * Refuses an empty value of every path option or parameter, of every command: Java reads ""
     * as the working folder, so {@code --out ""} (an unset shell variable) would write there.
     * Said as a refusal of the command rather than a parse error: the line needs no pointer to
     * the help, and fits 80 columns without it.
     */
    static void noEmptyPaths(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (ArgSpec arg : p.matchedArgs()) {
                boolean path = arg.type() == Path.class
                        || List.of(arg.auxiliaryTypes()).contains(Path.class);
                if (path && arg.originalStringValues().contains("")) {
                    String name = arg instanceof OptionSpec option ? option.longestName()
                            : arg.paramLabel();
                    String message = name + ": the path is empty";
                    throw new CommandLine.ExecutionException(p.commandSpec().commandLine(),
                            message, new InvalidInputException(message));
                }
            }
        }
    }
}
