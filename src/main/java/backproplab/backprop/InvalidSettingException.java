package backproplab.backprop;

import backproplab.InvalidValueException;

/**
 * A backprop setting breaks one of {@link BackpropSettings}'s rules. {@link #setting()} is the
 * setting's name, the same as its command-line option without the dashes, so the command line and
 * the web lab can put {@link #problem()} beside the right option or field.
 */
public final class InvalidSettingException extends InvalidValueException {

    private final String setting;

    public InvalidSettingException(String setting, String problem) {
        super("--" + setting, problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
