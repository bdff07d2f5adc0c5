package backproplab;

/**
 * One named value is wrong: which ({@link #name()}, as the user sets it: an option such as
 * {@code --lr}) and why ({@link #problem()}). The command line prints the two as one line,
 * "--lr: must be a finite number > 0, got -1.0"; the lab shows the problem beside the field of
 * that name, without parsing the line back.
 */
public class InvalidValueException extends InvalidInputException {

    private final String name;
    private final String problem;

    public InvalidValueException(String name, String problem) {
        super(name + ": " + problem);
        this.name = name;
        this.problem = problem;
    }

    public String name() {
        return name;
    }

    public String problem() {
        return problem;
    }
}
