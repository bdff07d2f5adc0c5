package backproplab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A number that takes part in the autograd graph, held in libtorch's own memory.
 *
 * <p>Why not DJL's {@code NDArray.mul(Number)} and its kin: DJL wraps the number in a tensor over
 * a Java direct buffer ({@code from_blob}), closes that tensor as soon as the product is computed
 * and lets go of the buffer. The product's backward keeps the tensor to multiply the gradient
 * with, so once a garbage collection has run and the buffer's memory is freed, the backward pass
 * reads freed memory: a gradient of 1.5·10¹¹ instead of −0.025 in {@code NllLossTest} after
 * {@code System.gc()} between forward and backward. In training a collection fell into that gap
 * only now and then, at random: the step's gradient was scaled by garbage, and the next loss was
 * 73.1 or NaN. {@code full} allocates in libtorch, whose memory the graph keeps for as long as it
 * needs it.
 */
final class GraphNumber {

    private GraphNumber() {
    }

    /** {@code value} as a 0-dimensional float32 array of libtorch's memory. */
    static NDArray of(NDManager manager, float value) {
        return manager.full(new Shape(), value);
    }
}
