package backproplab.lab.http;


/** Something a request names (a run) is not there; answered with a 404 and one line. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
