package backproplab.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import backproplab.InvalidInputException;
import backproplab.kernels.KernelGuard;
import backproplab.kernels.Libtorch;
import backproplab.model.Architecture;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a model and restores a checkpoint into it: the one way train, resume, evaluate and the
 * web lab get a model. A checkpoint is checked against the model before it is trusted: its model
 * name, then the shape of every parameter it holds.
 */
public final class ModelLoader {

    /** PyTorch's default for convolution weights: U(±1/√fan_in). */
    private static final XavierInitializer PYTORCH_DEFAULT = new XavierInitializer(
            XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f);

    private ModelLoader() {}

    /** A checkpoint's model, ready to run; closing it frees its weights. */
    public record Loaded(Model model, Checkpoint.Meta meta) implements AutoCloseable {
        public Block block() {
            return model.getBlock();
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** A new model of {@code arch}, initialised as PyTorch initialises its layers. */
    public static Model build(Architecture arch) {
        Libtorch.load();
        Model model = Model.newInstance(arch.name(), Device.cpu(), "PyTorch");
        Block block = arch.newBlock();
        block.setInitializer(PYTORCH_DEFAULT, Parameter.Type.WEIGHT);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, arch.inputShape(1));
        return model;
    }

    /**
     * The model a checkpoint holds, with the architecture its header names, ready for inference
     * on convolutions checked to be right here.
     */
    public static Loaded load(Path checkpoint) {
        return load(checkpoint, Checkpoint.readMeta(checkpoint));
    }

    /** The same, with the checkpoint's header {@code meta} already read: its model parsed once. */
    public static Loaded load(Path checkpoint, Checkpoint.Meta meta) {
        Architecture arch = meta.architecture();
        KernelGuard.ensureRight(KernelGuard.inference(arch));
        Model model = build(arch);
        try {
            restore(checkpoint, meta, meta.model(), model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new Loaded(model, meta);
    }

    /**
     * Restores {@code checkpoint} into {@code model} (built as {@code modelName}) and returns its
     * optimizer state, empty for a model-only file.
     *
     * @throws InvalidInputException naming the file, if it holds another model or other shapes
     */
    public static NDList restore(Path checkpoint, String modelName, Model model) {
        return restore(checkpoint, Checkpoint.readMeta(checkpoint), modelName, model);
    }

    /** The same, with the checkpoint's header {@code meta} already read. */
    public static NDList restore(Path checkpoint, Checkpoint.Meta meta, String modelName,
                                 Model model) {
        if (!meta.model().equals(modelName)) {
            throw new InvalidInputException(checkpoint + " holds a " + meta.model()
                    + " model, not " + modelName);
        }
        Block block = model.getBlock();
        Map<String, Shape> expected = shapes(block);
        NDList optimizerState;
        try {
            optimizerState = Checkpoint.load(checkpoint, meta, block, model.getNDManager());
        } catch (InvalidInputException e) {
            if (e.getCause() instanceof MalformedModelException) {
                throw new InvalidInputException(checkpoint + " does not fit the " + modelName
                        + " model: its layers are another model's", e);
            }
            throw e;
        }
        shapes(block).forEach((name, shape) -> {
            if (!shape.equals(expected.get(name))) {
                throw new InvalidInputException(checkpoint + " does not fit the " + modelName
                        + " model: " + name + " has shape " + shape + ", the model's is "
                        + expected.get(name));
            }
        });
        return optimizerState;
    }

    private static Map<String, Shape> shapes(Block block) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            shapes.put(p.getKey(), p.getValue().getArray().getShape());
        }
        return shapes;
    }
}
