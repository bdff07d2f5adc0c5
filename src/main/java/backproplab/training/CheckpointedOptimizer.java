package backproplab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import backproplab.InvalidInputException;
import backproplab.model.Recipe;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;

/**
 * SGD (with momentum, optionally Nesterov) and Adam/AdamW, whose state (momentum buffers, Adam's
 * moments, the step count) can be written into a checkpoint and read back, so a resumed run ends
 * where an uninterrupted one would. DJL's own optimizers keep that state private.
 *
 * <p>Plain SGD and Adam use libtorch's fused update kernels through DJL (one native call per
 * parameter). SGD folds the learning rate into the momentum buffer (v ← μv + η·g, w ← w − v),
 * which is PyTorch's SGD exactly while η is constant.
 */
public final class CheckpointedOptimizer extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Recipe.Optimizer kind;
    private final Tracker learningRate;
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    /** Per parameter id: [momentum] for SGD, [mean, variance] for Adam. */
    private final Map<String, NDArray[]> state = new HashMap<>();

    private CheckpointedOptimizer(Builder b, Recipe recipe, Tracker learningRate) {
        super(b);
        this.kind = recipe.optimizer();
        this.learningRate = learningRate;
        this.momentum = recipe.momentum();
        this.nesterov = recipe.nesterov();
        this.weightDecay = recipe.weightDecay();
    }

    /** @param stepsDone updates already made (non-zero when resuming) */
    public static CheckpointedOptimizer create(Recipe recipe, Tracker learningRate,
                                               int stepsDone) {
        return new CheckpointedOptimizer(new Builder().optBeginNumUpdate(stepsDone), recipe,
                learningRate);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        float lr = learningRate.getNewValue(t);
        NDArray[] s = state.computeIfAbsent(parameterId, id -> newState(weight));
        switch (kind) {
            case SGD -> {
                if (nesterov) {
                    nesterovUpdate(weight, grad, s[0], lr);
                } else {
                    weight.getNDArrayInternal().sgdUpdate(new NDList(weight, grad, s[0]),
                            new NDList(weight), lr, weightDecay, 1f, -1f, momentum, true);
                }
            }
            case ADAM, ADAMW -> {
                double bias1 = 1 - Math.pow(BETA1, t);
                double bias2 = 1 - Math.pow(BETA2, t);
                float corrected = (float) (lr * Math.sqrt(bias2) / bias1);
                weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, s[0], s[1]),
                        new NDList(weight), lr, corrected, weightDecay, 1f, -1f, BETA1, BETA2,
                        EPSILON, true, kind == Recipe.Optimizer.ADAMW);
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    /** Nesterov momentum in the same η-folded form: v ← μv + η·g, w ← w − (η·g + μv). */
    private void nesterovUpdate(NDArray weight, NDArray grad, NDArray velocity, float lr) {
        if (weightDecay != 0) {
            try (NDArray decay = weight.mul(weightDecay)) {
                grad.addi(decay);
            }
        }
        grad.muli(lr);
        velocity.muli(momentum).addi(grad);
        try (NDArray ahead = velocity.mul(momentum)) {
            grad.addi(ahead);
        }
        weight.subi(grad);
        // DJL hands us a copy of the gradient; zero the weight's own, as the fused kernels do.
        try (NDArray own = weight.getGradient()) {
            own.subi(own);
        }
    }

    private NDArray[] newState(NDArray weight) {
        int n = kind == Recipe.Optimizer.SGD ? 1 : 2;
        NDArray[] s = new NDArray[n];
        for (int k = 0; k < n; k++) {
            s[k] = weight.zerosLike();
        }
        return s;
    }

    /**
     * The state as arrays named after the block's parameters ("04Conv2d_weight#0"). DJL's
     * parameter ids are random per instance, so a checkpoint must use the stable names.
     */
    public NDList stateList(Block block) {
        NDList list = new NDList();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray[] arrays = state.get(p.getValue().getId());
            for (int k = 0; arrays != null && k < arrays.length; k++) {
                arrays[k].setName(p.getKey() + "#" + k);
                list.add(arrays[k]);
            }
        }
        return list;
    }

    /**
     * Restores {@link #stateList(Block)} into this run's parameters of the same model.
     *
     * @throws InvalidInputException if the state is not this optimizer's for this model
     */
    public void restore(NDList saved, Block block) {
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        int n = kind == Recipe.Optimizer.SGD ? 1 : 2;
        state.clear();
        for (NDArray a : saved) {
            String name = a.getName() == null ? "" : a.getName();
            int hash = name.lastIndexOf('#');
            Parameter p = hash < 0 ? null : byName.get(name.substring(0, hash));
            String index = hash < 0 ? "" : name.substring(hash + 1);
            if (p == null || !index.matches("[0-9]") || Integer.parseInt(index) >= n
                    || !a.getShape().equals(p.getArray().getShape())) {
                throw new InvalidInputException("its optimizer state '" + name + "' is not "
                        + kind + " state of this model's parameters");
            }
            state.computeIfAbsent(p.getId(), k -> new NDArray[n])[Integer.parseInt(index)] = a;
        }
        for (NDArray[] arrays : state.values()) {
            for (NDArray a : arrays) {
                if (a == null) {
                    throw new InvalidInputException("its optimizer state is incomplete for "
                            + kind);
                }
            }
        }
    }

    static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
