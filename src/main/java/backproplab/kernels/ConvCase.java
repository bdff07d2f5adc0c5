package backproplab.kernels;

import backproplab.kernels.KernelCheck.Part;
import backproplab.model.Architecture.Convolution;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One convolution call as a model makes it: the layer, how many images go through at once, and
 * whether in training (forward and backward) or in inference (forward, no gradients).
 */
public record ConvCase(Convolution conv, int batch, boolean training) {

    public ConvCase {
        if (batch < 1) {
            throw new IllegalArgumentException("a batch holds at least one image, not " + batch);
        }
    }

    /**
     * The calls training makes of {@code conv}: forward and backward at each replica's share of
     * a batch (both sizes, where {@code threads} does not divide it), and then inference's.
     */
    public static List<ConvCase> training(Convolution conv, int batchSize, int threads,
                                          ConvolutionPath path) {
        Set<ConvCase> cases = new LinkedHashSet<>();
        cases.add(new ConvCase(conv, Math.max(1, batchSize / threads), true));
        cases.add(new ConvCase(conv, (batchSize + threads - 1) / threads, true));
        cases.addAll(inference(conv, path));
        return List.copyOf(cases);
    }

    /**
     * The calls inference makes on {@code path}: one image (the lab, predict, inspect), and an
     * evaluation batch of the size that suits the path.
     */
    public static List<ConvCase> inference(Convolution conv, ConvolutionPath path) {
        return List.of(new ConvCase(conv, 1, false),
                new ConvCase(conv, path.evaluationBatch(), false));
    }

    /** What the call computes, so what is checked. */
    public List<Part> parts() {
        return training ? List.of(Part.values()) : List.of(Part.INFERENCE);
    }

    public int outHeight() {
        return conv.outHeight();
    }

    public int outWidth() {
        return conv.outWidth();
    }

    /** E.g. "8->12 3x3 pad 1 on 64x8x14x14". */
    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%s on %dx%dx%dx%d", conv.label(), batch, conv.inChannels(),
                conv.height(), conv.width());
    }
}
