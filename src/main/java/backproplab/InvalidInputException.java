package backproplab;

/**
 * Something the user gave (a file, a folder, a name, a value) is wrong. The message says which and
 * why in one line; the command line prints it and exits with code 2, without a stack trace.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
