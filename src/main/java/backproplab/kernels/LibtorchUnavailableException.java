package backproplab.kernels;

/**
 * libtorch cannot run on this machine, or in this build: one line that says why and, where the
 * user can act, what to do. A failure of the machine, not of the input.
 */
public final class LibtorchUnavailableException extends RuntimeException {
    LibtorchUnavailableException(String message) {
        super(message);
    }
}
