package backproplab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A CNN as a list of {@link Module}s, each with what torchsummary prints about it and more: its
 * output shape, receptive field, parameters and multiply-accumulates, computed as the layers are
 * added. {@link #newBlock()} turns the same list into a DJL block. Models are written as model
 * files ({@link ModelFile}); this is what a file's layers are.
 */
public final class Architecture {

    /** The classes of MNIST: what a model must end in. */
    public static final int CLASSES = 10;

    /**
     * One layer: the module, the stage it belongs to (the lab and {@code inspect} group feature
     * maps by stage), what it gives one image, and which input pixels each output sees.
     */
    public record Layer(Module module, String stage, FeatureShape shape, Coverage coverage,
                        long parameters, long runningStats, long macs) {

        public boolean isConvolution() {
            return module instanceof Module.Conv2d;
        }

        public String kind() {
            return module.label();
        }

        public int channels() {
            return shape.channels();
        }

        public int height() {
            return shape.height();
        }

        public int width() {
            return shape.width();
        }

        public int receptiveField() {
            return coverage.field();
        }

        public int jump() {
            return coverage.jump();
        }

        /** The input rows (or columns) output row (or column) {@code i} sees, inclusive. */
        public int[] receptiveSpan(int i) {
            int from = coverage.start() + i * coverage.jump();
            return new int[] {from, from + coverage.field() - 1};
        }

        public boolean isVector() {
            return shape.flat();
        }

        public String outputShape() {
            return shape.toString();
        }

        public long outputElements() {
            return shape.features();
        }

        /**
         * The values this layer keeps per image for the backward pass: its output, but none for
         * a Flatten, whose output is the same memory seen as a vector (a view in PyTorch).
         */
        public long keptValues() {
            return module instanceof Module.Flatten ? 0 : outputElements();
        }
    }

    /**
     * One convolution as libtorch computes it: its weights ({@code outChannels} x
     * {@code inChannels / groups} x {@code kernel} x {@code kernel}) over an input of
     * {@code inChannels} x {@code height} x {@code width}. Whether libtorch's kernels are right
     * depends on these numbers ({@code backproplab.kernels}).
     */
    public record Convolution(int inChannels, int outChannels, int kernel, int padding,
                              int height, int width, boolean bias, int stride, int dilation,
                              int groups) {

        /** Stride 1, no dilation, one group: the convolutions of the built-in models. */
        public Convolution(int inChannels, int outChannels, int kernel, int padding, int height,
                           int width, boolean bias) {
            this(inChannels, outChannels, kernel, padding, height, width, bias, 1, 1, 1);
        }

        public int outHeight() {
            return Module.Conv2d.outputSize(height, kernel, stride, padding, dilation);
        }

        public int outWidth() {
            return Module.Conv2d.outputSize(width, kernel, stride, padding, dilation);
        }

        /** "8->12 3x3 pad 1", with stride, dilation and groups where they are not 1. */
        public String label() {
            return inChannels + "->" + outChannels + " " + kernel + "x" + kernel + " pad " + padding
                    + (stride != 1 ? " stride " + stride : "")
                    + (dilation != 1 ? " dilation " + dilation : "")
                    + (groups != 1 ? " groups " + groups : "");
        }
    }

    private final String name;
    private final FeatureShape input;
    private final List<Layer> layers;
    private final List<Module> unused;

    private Architecture(String name, FeatureShape input, List<Layer> layers,
                         List<Module> unused) {
        this.name = name;
        this.input = input;
        this.layers = List.copyOf(layers);
        this.unused = List.copyOf(unused);
    }

    public String name() {
        return name;
    }

    /** What one image is to the first layer: 1 channel of 28x28 for MNIST. */
    public FeatureShape input() {
        return input;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Every convolution, in order, with the input it is given. */
    public List<Convolution> convolutions() {
        List<Convolution> convolutions = new ArrayList<>();
        FeatureShape in = input;
        for (Layer l : layers) {
            if (l.module() instanceof Module.Conv2d c) {
                convolutions.add(new Convolution(c.inChannels(), c.outChannels(), c.kernel(),
                        c.padding(), in.height(), in.width(), c.bias(), c.stride(), c.dilation(),
                        c.groups()));
            }
            in = l.shape();
        }
        return convolutions;
    }

    public Shape inputShape(int batch) {
        return new Shape(batch, input.channels(), input.height(), input.width());
    }

    /**
     * Layers a PyTorch class makes but its forward never applies: no part of the computation,
     * but PyTorch counts their parameters, and so does {@link #parameters()}.
     */
    public List<Module> unused() {
        return unused;
    }

    /** Trainable parameters (weights, biases, BatchNorm's scale and shift). */
    public long parameters() {
        return layers.stream().mapToLong(Layer::parameters).sum()
                + unused.stream().mapToLong(m -> m.parameters(input)).sum();
    }

    /** BatchNorm's running mean and variance: stored with the model, never trained. */
    public long runningStats() {
        return layers.stream().mapToLong(Layer::runningStats).sum()
                + unused.stream().mapToLong(m -> m.runningStats(input)).sum();
    }

    public long macs() {
        return layers.stream().mapToLong(Layer::macs).sum();
    }

    /** The values training keeps per image for the backward pass: see {@link Layer#keptValues}. */
    public long activations() {
        return layers.stream().mapToLong(Layer::keptValues).sum();
    }

    /** A fresh, uninitialised DJL block with these layers in order, one child per layer. */
    public SequentialBlock newBlock() {
        SequentialBlock block = new SequentialBlock();
        for (Layer layer : layers) {
            block.add(layer.module().block());
        }
        return block;
    }

    /** A model of MNIST's images: one channel of 28x28. */
    public static Builder mnist(String name) {
        return new Builder(name, FeatureShape.map(1, 28, 28));
    }

    /** Adds layers while tracking the shape of one image and its receptive field. */
    public static final class Builder {
        private final String name;
        private final FeatureShape input;
        private final List<Layer> layers = new ArrayList<>();
        private final List<Module> unused = new ArrayList<>();
        private FeatureShape shape;
        private Coverage coverage = Coverage.PIXEL;
        private String stage = "";

        private Builder(String name, FeatureShape input) {
            this.name = name;
            this.input = input;
            this.shape = input;
        }

        /** Names the layers that follow, as the notebook tells what they learn. */
        public Builder stage(String name) {
            this.stage = name;
            return this;
        }

        /** The layers so far. */
        public List<Layer> layers() {
            return List.copyOf(layers);
        }

        /**
         * The layers so far, not yet checked as a whole model: what a model file's limits are
         * checked on, layer by layer, with the same totals as the finished model's.
         */
        public Architecture sofar() {
            return new Architecture(name, input, layers, unused);
        }

        /** What the last layer gives, or the input before any. */
        public FeatureShape shape() {
            return shape;
        }

        /** Adds {@code m}, or refuses it with a {@link LayerProblem} and adds nothing. */
        public Builder add(Module m) {
            FeatureShape out = m.output(shape);
            Coverage covered = m.cover(coverage, shape);
            layers.add(new Layer(m, stage, out, covered, m.parameters(shape),
                    m.runningStats(shape), m.macs(shape, out)));
            shape = out;
            coverage = covered;
            return this;
        }

        /** Adds a layer that is made but never applied ({@link Architecture#unused()}). */
        public Builder unused(Module m) {
            unused.add(m);
            return this;
        }

        /**
         * The model, once it ends as a classifier of MNIST must: log-probabilities of 10 classes
         * per image; else a {@link LayerProblem} that says what the end gives.
         */
        public Architecture build() {
            if (layers.isEmpty()) {
                throw new LayerProblem("the model has no layers");
            }
            if (!(layers.get(layers.size() - 1).module() instanceof Module.LogSoftmax)) {
                throw new LayerProblem("the model must end in nn.LogSoftmax(dim=1): training"
                        + " takes log-probabilities, as the notebook's F.log_softmax gives");
            }
            if (shape.features() != CLASSES) {
                throw new LayerProblem("the model ends in " + shape.featuresText() + "; MNIST"
                        + " needs " + CLASSES + " classes");
            }
            return new Architecture(name, input, layers, unused);
        }
    }
}
