package backproplab.lab;

import backproplab.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;

/** Several fields of a lab page are wrong: the page shows each message beside its field. */
public final class InvalidFieldsException extends InvalidInputException {

    private final List<InvalidFieldException> errors;

    public InvalidFieldsException(List<InvalidFieldException> errors) {
        super(errors.stream().map(InvalidFieldException::getMessage)
                .collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<InvalidFieldException> errors() {
        return errors;
    }
}
