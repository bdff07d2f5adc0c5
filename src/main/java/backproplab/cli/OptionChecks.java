package backproplab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values; a failure names the option and ends as one line, exit code 2. */
final class OptionChecks {

    private final CommandLine command;

    OptionChecks(CommandSpec spec) {
        this.command = spec.commandLine();
    }

    <N extends Number> N positive(String option, N n) {
        if (!(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
            throw bad(option + ": must be > 0, got " + n);
        }
        return n;
    }

    int atLeast(String option, int n, int min) {
        if (n < min) {
            throw bad(option + ": must be at least " + min + ", got " + n);
        }
        return n;
    }

    float range(String option, float v, float low, float high) {
        if (!(v >= low && v <= high)) {
            throw bad(option + ": must be between " + low + " and " + high + ", got " + v);
        }
        return v;
    }

    ParameterException bad(String message) {
        return new ParameterException(command, message);
    }
}
