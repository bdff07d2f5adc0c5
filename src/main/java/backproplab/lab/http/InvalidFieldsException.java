package backproplab.lab.http;

import backproplab.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;

/** Several fields of a lab page are wrong: the page shows each message beside its field. */
public final class InvalidFieldsException extends InvalidInputException {

    private final List<InvalidFieldException> errors;

    /** @param errors at least one: the answer names the first as the error */
    public InvalidFieldsException(List<InvalidFieldException> errors) {
        super(errors.stream().map(InvalidFieldException::getMessage)
                .collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no field is wrong");
        }
        this.errors = List.copyOf(errors);
    }

    public List<InvalidFieldException> errors() {
        return errors;
    }
}
