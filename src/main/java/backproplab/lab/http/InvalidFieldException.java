package backproplab.lab.http;

import backproplab.InvalidInputException;

/** A value typed into one field of a lab page is wrong; the page shows the message beside it. */
public final class InvalidFieldException extends InvalidInputException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
