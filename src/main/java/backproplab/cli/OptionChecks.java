package backproplab.cli;

import backproplab.Bounds;
import backproplab.InvalidInputException;
import java.util.function.Supplier;
import picocli.CommandLine;
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
}
