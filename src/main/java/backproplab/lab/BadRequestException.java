package backproplab.lab;

/** A request the API cannot read (malformed JSON, an unknown field); answered with a 400. */
final class BadRequestException extends RuntimeException {
    BadRequestException(String message) {
        super(message);
    }
}
