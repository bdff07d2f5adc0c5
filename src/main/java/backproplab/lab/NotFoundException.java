package backproplab.lab;

/** Something a request names (a run) is not there; answered with a 404 and one line. */
final class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
        super(message);
    }
}
