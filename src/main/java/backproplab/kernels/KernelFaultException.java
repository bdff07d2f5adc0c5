package backproplab.kernels;

/** No path libtorch offers computes a model's convolutions right on this CPU. */
public final class KernelFaultException extends RuntimeException {
    KernelFaultException(String message) {
        super(message);
    }
}
