package backproplab.cli;

/** Something the user gave (a file, a folder, a value) is wrong; the message says which and why. */
public class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }
}
