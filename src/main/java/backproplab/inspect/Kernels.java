package backproplab.inspect;

import ai.djl.nn.Block;

/**
 * The first convolution's weights, {@code count} kernels of {@code size x size} on the one input
 * channel, flattened kernel by kernel.
 */
public record Kernels(int count, int size, float[] weights) {

    static Kernels of(Block conv) {
        var weight = conv.getParameters().get("weight").getArray();
        long[] shape = weight.getShape().getShape();
        if (shape[1] != 1) {
            throw new IllegalStateException("the first convolution sees " + shape[1]
                    + " channels, not one");
        }
        return new Kernels((int) shape[0], (int) shape[2], weight.toFloatArray());
    }

    /** The largest |weight|: kernels are drawn on one symmetric scale so they compare. */
    public float maxAbs() {
        float m = 0;
        for (float w : weights) {
            m = Math.max(m, Math.abs(w));
        }
        return m;
    }
}
