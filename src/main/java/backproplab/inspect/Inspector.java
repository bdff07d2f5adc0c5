package backproplab.inspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import backproplab.data.Digits;
import backproplab.data.TrainBatches;
import backproplab.model.Architecture;
import backproplab.model.Architecture.Layer;
import backproplab.model.Module;
import backproplab.training.Engines;
import backproplab.training.Checkpoint;
import backproplab.training.ModelLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model opened for looking inside: {@link #inspect} runs one image through the model's
 * layers one at a time, in inference mode (BatchNorm's running statistics, no dropout), and keeps
 * every convolution's feature maps on the way. The model stays loaded between images; each image
 * works in its own NDManager, closed before the answer returns, so nothing native piles up.
 */
public final class Inspector implements AutoCloseable {

    private final ModelLoader.Loaded loaded;
    private final Architecture architecture;
    private final List<Block> layers;
    private final Kernels kernels;

    private Inspector(ModelLoader.Loaded loaded) {
        this.loaded = loaded;
        this.architecture = loaded.meta().architecture();
        this.layers = List.copyOf(loaded.block().getChildren().values());
        this.kernels = Kernels.of(layers.get(firstConvolution()));
    }

    /** The model of {@code checkpoint}, through the one loader (which checks the file first). */
    public static Inspector open(Path checkpoint) {
        return new Inspector(ModelLoader.load(checkpoint));
    }

    public Architecture architecture() {
        return architecture;
    }

    public Checkpoint.Meta meta() {
        return loaded.meta();
    }

    /** The first convolution's kernels: what block 1 looks for. */
    public Kernels kernels() {
        return kernels;
    }

    /** One prepared image ({@link DigitPreparation}, or an MNIST digit's bytes / 255). */
    public synchronized Inspection inspect(float[] unitPixels) {
        if (unitPixels.length != Digits.PIXELS) {
            throw new IllegalArgumentException("expected 28x28 pixels, got " + unitPixels.length);
        }
        Engines.noGradientsOnThisThread();
        float[] x = unitPixels.clone();
        TrainBatches.normalise(x);
        List<Layer> defined = architecture.layers();
        List<FeatureMap> maps = new ArrayList<>();
        float[] probabilities;
        try (NDManager scratch = loaded.model().getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(scratch, false);
            NDList value = new NDList(scratch.create(x, architecture.inputShape(1)));
            int convolution = 0;
            Layer conv = null;
            String after = "";
            for (int i = 0; i < layers.size(); i++) {
                value = layers.get(i).forward(parameters, value, false);
                Layer layer = defined.get(i);
                if (layer.isConvolution()) {
                    convolution++;
                    conv = layer;
                    after = "";
                } else if (conv != null) {
                    after = after.isEmpty() ? layer.kind() : after + " and " + layer.kind();
                }
                boolean groupEnds = i + 1 == layers.size() || !follows(defined.get(i + 1));
                if (conv != null && groupEnds) {
                    maps.add(new FeatureMap(convolution, conv, layer, after, false,
                            value.singletonOrThrow().toFloatArray()));
                    conv = null;
                }
            }
            NDArray logProbabilities = value.singletonOrThrow();
            probabilities = logProbabilities.exp().toFloatArray();
        }
        // Only pooling and log-softmax follow the last convolution: its channels are the classes.
        FeatureMap last = maps.remove(maps.size() - 1);
        maps.add(new FeatureMap(last.number(), last.conv(), last.layer(), last.shownAfter(),
                last.channels() == probabilities.length, last.values()));
        return new Inspection(unitPixels.clone(), probabilities, List.copyOf(maps));
    }

    /** The ReLU and BatchNorm after a convolution belong to what it shows. */
    private static boolean follows(Layer next) {
        return next.module() instanceof Module.Activation
                || next.module() instanceof Module.BatchNorm2d;
    }

    private int firstConvolution() {
        List<Layer> defined = architecture.layers();
        for (int i = 0; i < defined.size(); i++) {
            if (defined.get(i).isConvolution()) {
                return i;
            }
        }
        throw new IllegalStateException(architecture.name() + " has no convolution");
    }

    @Override
    public void close() {
        loaded.close();
    }
}
