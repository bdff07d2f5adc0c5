package backproplab.lab.http;


/** A request the API cannot read (malformed JSON, an unknown field); answered with a 400. */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
