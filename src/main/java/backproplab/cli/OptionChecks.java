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

    /** {@code count} finite numbers ({@code count} < 0: any number of them, at least one). */
    double[] numbers(String option, double[] values, int count) {
        if (count >= 0 && values.length != count) {
            throw bad(option + ": expected " + count + " comma-separated numbers, got "
                    + values.length);
        }
        if (values.length == 0) {
            throw bad(option + ": expected at least one number");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw bad(option + ": " + v + " is not a finite number");
            }
        }
        return values;
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
