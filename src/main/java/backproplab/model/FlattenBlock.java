package backproplab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code nn.Flatten()}: each image's maps as one vector. A class of its own, not a lambda, so
 * that a checkpoint written before models had this layer can be read by leaving it out
 * ({@code training.Checkpoint}).
 */
public final class FlattenBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    public FlattenBlock() {
        super(VERSION);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
                                     boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.reshape(x.getShape().get(0), -1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.size() / in.get(0))};
    }
}
