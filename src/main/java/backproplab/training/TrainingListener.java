package backproplab.training;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.io.IOException;

/**
 * Told what the training loop does, the way DJL's TrainingListeners are: the loop only trains and
 * evaluates; what is printed, saved or checked after a step or an epoch is a listener.
 */
@FunctionalInterface
public interface TrainingListener {

    /** An epoch trained and evaluated: the model, and what its checkpoint would hold. */
    record EpochEnd(Checkpoint.Meta meta, Block block, NDList optimizerState) {
        public EpochMetrics metrics() {
            return meta.history().get(meta.history().size() - 1);
        }
    }

    void epochEnded(EpochEnd end) throws IOException;

    /** After each training step, with its loss. */
    default void stepEnded(int epoch, float loss) {}
}
