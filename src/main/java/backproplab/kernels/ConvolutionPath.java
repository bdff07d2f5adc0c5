package backproplab.kernels;

/**
 * Which code computes libtorch's float32 convolutions: oneDNN's JIT kernels (libtorch's default
 * on x86) or ATen's own (im2col and a matrix product). The switch is libtorch's
 * {@code at::globalContext().setUserEnabledMkldnn(bool)}, which PyTorch users write as
 * {@code torch.backends.mkldnn.enabled = False}; DJL has no call for it, so it is reached through
 * JNA ({@link Libtorch}). It is read at every convolution, forward and backward, and holds for
 * the whole process.
 */
public enum ConvolutionPath {
    /**
     * Evaluation batch measured on s6 with libtorch on 2 threads, seconds per 10,000 images: 64
     * → 1.18, 128 → 0.99, 250 → 0.70, 500 → 1.03, 1000 → 1.37. Past 250 the activations leave
     * the cache.
     */
    ONEDNN("oneDNN's kernels", 250),
    /**
     * ATen unfolds a batch into one buffer of kernel² x channels x pixels per image first, 56 MB
     * for 250 images of s6's second layer: out of the cache and, over glibc's 32 MB, mapped
     * afresh at every call. Evaluating s6 on one thread each of 2, AMD EPYC family 26, images/s:
     * 32 → 5,300-6,300, 64 → 2,400-6,700, 128 → 2,900-3,300, 250 → 1,450-1,500.
     */
    ATEN("libtorch's own kernels", 32);

    private final String description;
    private final int evaluationBatch;

    ConvolutionPath(String description, int evaluationBatch) {
        this.description = description;
        this.evaluationBatch = evaluationBatch;
    }

    public String description() {
        return description;
    }

    /** The images a forward pass of evaluation takes at once, fastest on this path. */
    public int evaluationBatch() {
        return evaluationBatch;
    }

    /**
     * The path libtorch takes now (asked first, libtorch loads as {@link Libtorch} says); where
     * the switch cannot be reached ({@link #switchable}), libtorch's default, oneDNN's.
     */
    public static synchronized ConvolutionPath current() {
        if (!Libtorch.switchable()) {
            return ONEDNN;
        }
        // A C++ bool is one byte: read as a byte, the register's other bytes do not count.
        return Libtorch.contextCall(NativePlatform.here().symbols().isMkldnn(), Byte.class) != 0
                ? ONEDNN : ATEN;
    }

    /**
     * Makes libtorch take {@code path} for every convolution from now on, on every thread.
     *
     * @throws IllegalStateException for another path than the default where the switch cannot
     *     be reached
     */
    public static synchronized void use(ConvolutionPath path) {
        if (!Libtorch.switchable() && path == ONEDNN) {
            return;
        }
        Libtorch.contextCall(NativePlatform.here().symbols().setMkldnn(), Void.class,
                (byte) (path == ONEDNN ? 1 : 0));
    }

    /** Whether libtorch's switch between the paths can be reached here. */
    public static boolean switchable() {
        return Libtorch.switchable();
    }

    /** Why libtorch's switch cannot be reached here; null where it can. */
    public static String switchMissing() {
        return Libtorch.switchMissing();
    }
}
