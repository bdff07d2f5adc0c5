package backproplab.backprop;

import backproplab.InvalidInputException;

/**
 * A backprop setting breaks one of {@link BackpropSettings}'s rules. {@link #setting()} is the
 * setting's name, the same as its command-line option without the dashes, so the command line and
 * the web lab can put {@link #problem()} beside the right option or field.
 */
public final class InvalidSettingException extends InvalidInputException {

    private final String setting;
    private final String problem;

    public InvalidSettingException(String setting, String problem) {
        super("--" + setting + ": " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    public String setting() {
        return setting;
    }

    public String problem() {
        return problem;
    }
}
