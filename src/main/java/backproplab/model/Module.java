package backproplab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * One layer of a model, as PyTorch's {@code torch.nn} names it. Each kind keeps its rules side
 * by side: what it does to the shape of one image (refusing, in the learner's words, an input it
 * cannot take), what it adds to the receptive field, its parameters and multiply-accumulates,
 * the DJL block that computes it, and how PyTorch writes it. A model is a list of these
 * ({@link Architecture}); a model file is that list in PyTorch's words ({@link ModelFile}).
 */
public sealed interface Module {

    /** Far beyond any lean MNIST model; keeps every product of sizes well inside a long. */
    int MAX_CHANNELS = 4096;
    int MAX_SIZE = 1024;

    /** As a line of an {@code nn.Sequential} writes it: {@code nn.Conv2d(1, 8, 3, bias=False)}. */
    String pytorch();

    /** The summary's name for it: "3x3 Conv2d (no bias)", "MaxPool2d". */
    String label();

    /** What it gives for one image of {@code in}; a {@link LayerProblem} if it cannot take it. */
    FeatureShape output(FeatureShape in);

    Block block();

    default Coverage cover(Coverage c, FeatureShape in) {
        return c;
    }

    /** Trained parameters for an input of {@code in}. */
    default long parameters(FeatureShape in) {
        return 0;
    }

    /** Values kept with the model but not trained (BatchNorm's running mean and variance). */
    default long runningStats(FeatureShape in) {
        return 0;
    }

    default long macs(FeatureShape in, FeatureShape out) {
        return 0;
    }

    /** A convolution, as {@code nn.Conv2d}; square kernels, strides, padding and dilation. */
    record Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding,
                  int dilation, int groups, boolean bias) implements Module {
        public Conv2d {
            between("in_channels", inChannels, 1, MAX_CHANNELS);
            between("out_channels", outChannels, 1, MAX_CHANNELS);
            between("kernel_size", kernel, 1, MAX_SIZE);
            between("stride", stride, 1, MAX_SIZE);
            between("padding", padding, 0, MAX_SIZE);
            between("dilation", dilation, 1, MAX_SIZE);
            between("groups", groups, 1, MAX_CHANNELS);
            if (inChannels % groups != 0 || outChannels % groups != 0) {
                throw new LayerProblem("groups", "groups=" + groups + " must divide in_channels ("
                        + inChannels + ") and out_channels (" + outChannels + ")");
            }
        }

        /** The input positions one output spans: the kernel with its dilation's gaps. */
        public int span() {
            return dilation * (kernel - 1) + 1;
        }

        @Override
        public String pytorch() {
            return "nn.Conv2d(" + inChannels + ", " + outChannels + ", " + kernel
                    + (stride != 1 ? ", stride=" + stride : "")
                    + (padding != 0 ? ", padding=" + padding : "")
                    + (dilation != 1 ? ", dilation=" + dilation : "")
                    + (groups != 1 ? ", groups=" + groups : "")
                    + (bias ? "" : ", bias=False") + ")";
        }

        @Override
        public String label() {
            String how = (stride != 1 ? " s" + stride : "") + (dilation != 1 ? " d" + dilation : "")
                    + (groups == inChannels && groups > 1 ? " depthwise"
                    : groups != 1 ? " g" + groups : "");
            return kernel + "x" + kernel + " Conv2d" + how + (bias ? "" : " (no bias)");
        }

        @Override
        public FeatureShape output(FeatureShape in) {
            requireMap(in, this);
            if (in.channels() != inChannels) {
                throw new LayerProblem("the layer before gives " + in.channels() + " channels");
            }
            return FeatureShape.map(outChannels, size(in.height()), size(in.width()));
        }

        private int size(int n) {
            int padded = n + 2 * padding;
            if (padded < span()) {
                throw new LayerProblem("its " + (span() == kernel ? kernel + "x" + kernel
                        + " kernel" : "dilated kernel spans " + span() + " pixels and")
                        + " does not fit the " + n + "x" + n + " map"
                        + (padding > 0 ? " padded by " + padding : "")
                        + "; the maps have shrunk too far");
            }
            return outputSize(n, kernel, stride, padding, dilation);
        }

        /**
         * The rows (or columns) a convolution gives an input of {@code n}, as PyTorch computes
         * them; the input, padded, must hold one dilated kernel.
         */
        public static int outputSize(int n, int kernel, int stride, int padding, int dilation) {
            return (n + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
        }

        @Override
        public Coverage cover(Coverage c, FeatureShape in) {
            return c.window(span(), stride, padding);
        }

        public long weights() {
            return (long) outChannels * (inChannels / groups) * kernel * kernel;
        }

        @Override
        public long parameters(FeatureShape in) {
            return weights() + (bias ? outChannels : 0);
        }

        @Override
        public long macs(FeatureShape in, FeatureShape out) {
            return weights() * out.height() * out.width();
        }

        @Override
        public Block block() {
            var b = ai.djl.nn.convolutional.Conv2d.builder()
                    .setKernelShape(new Shape(kernel, kernel))
                    .optPadding(new Shape(padding, padding)).setFilters(outChannels).optBias(bias);
            // Only what differs from DJL's defaults: the built-in models' blocks stay as they were.
            if (stride != 1) {
                b.optStride(new Shape(stride, stride));
            }
            if (dilation != 1) {
                b.optDilation(new Shape(dilation, dilation));
            }
            if (groups != 1) {
                b.optGroups(groups);
            }
            return b.build();
        }
    }

    /** {@code nn.BatchNorm2d}: per channel, a learned scale and shift, and running statistics. */
    record BatchNorm2d(int features, float eps, float momentum) implements Module {
        public static final float EPS = 1e-5f;
        public static final float MOMENTUM = 0.1f;

        public BatchNorm2d {
            between("num_features", features, 1, MAX_CHANNELS);
            if (!(eps > 0 && eps < 1)) {
                throw new LayerProblem("eps", "eps must be between 0 and 1 (was " + eps + ")");
            }
            if (!(momentum > 0 && momentum < 1)) {
                throw new LayerProblem("momentum", "momentum must be between 0 and 1 (was "
                        + momentum + ")");
            }
        }

        @Override
        public String pytorch() {
            return "nn.BatchNorm2d(" + features + (eps != EPS ? ", eps=" + eps : "")
                    + (momentum != MOMENTUM ? ", momentum=" + momentum : "") + ")";
        }

        @Override
        public String label() {
            return "BatchNorm2d";
        }

        @Override
        public FeatureShape output(FeatureShape in) {
            requireMap(in, this);
            if (in.channels() != features) {
                throw new LayerProblem("the layer before gives " + in.channels() + " channels");
            }
            return in;
        }

        @Override
        public long parameters(FeatureShape in) {
            return 2L * features;
        }

        @Override
        public long runningStats(FeatureShape in) {
            return 2L * features;
        }

        @Override
        public Block block() {
            var b = BatchNorm.builder();
            if (eps != EPS) {
                b.optEpsilon(eps);
            }
            // DJL keeps this share of the running statistics at each step; PyTorch's momentum
            // is the share of the new batch.
            if (momentum != MOMENTUM) {
                b.optMomentum(1 - momentum);
            }
            return b.build();
        }
    }

    /** An activation with no parameters: ReLU and its relatives. */
    record Activation(Kind kind, float alpha) implements Module {

        /** Each as {@code torch.nn} names it; {@code alpha} is the one argument some take. */
        public enum Kind {
            ReLU, ReLU6, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh;

            /** The argument's name in PyTorch and its default, for the kinds that take one. */
            public String argument() {
                return this == LeakyReLU ? "negative_slope" : this == ELU ? "alpha" : null;
            }

            public float defaultAlpha() {
                return this == LeakyReLU ? 0.01f : this == ELU ? 1f : 0f;
            }
        }

        public Activation {
            if (!Float.isFinite(alpha)) {
                throw new LayerProblem(kind.argument(), kind.argument() + " must be a number (was "
                        + alpha + ")");
            }
        }

        @Override
        public String pytorch() {
            return "nn." + kind + "(" + (kind.argument() != null && alpha != kind.defaultAlpha()
                    ? kind.argument() + "=" + alpha : "") + ")";
        }

        @Override
        public String label() {
            return kind.toString();
        }

        @Override
        public FeatureShape output(FeatureShape in) {
            return in;
        }

        @Override
        public Block block() {
            return switch (kind) {
                case ReLU -> ai.djl.nn.Activation.reluBlock();
                case ReLU6 -> ai.djl.nn.Activation.relu6Block();
                case LeakyReLU -> ai.djl.nn.Activation.leakyReluBlock(alpha);
                case ELU -> ai.djl.nn.Activation.eluBlock(alpha);
                case GELU -> ai.djl.nn.Activation.geluBlock();
                case SiLU -> ai.djl.nn.Activation.swishBlock(1f);
                case Sigmoid -> ai.djl.nn.Activation.sigmoidBlock();
                case Tanh -> ai.djl.nn.Activation.tanhBlock();
            };
        }
    }

    /**
     * {@code nn.Dropout}, or {@code nn.Dropout2d} ({@code channels}): whole maps dropped at
     * once, which suits convolutions, whose neighbouring values are alike.
     */
    record Dropout(float rate, boolean channels) implements Module {
        public Dropout {
            if (!(rate >= 0 && rate <= Recipe.MAX_DROPOUT)) {
                throw new LayerProblem("p", "p must be between 0 and " + Recipe.MAX_DROPOUT
                        + " (was " + rate + ")");
            }
        }

        public Dropout withRate(float p) {
            return new Dropout(p, channels);
        }

        @Override
        public String pytorch() {
            return "nn.Dropout" + (channels ? "2d" : "") + "(" + rate + ")";
        }

        @Override
        public String label() {
            return "Dropout" + (channels ? "2d" : "") + "(" + rate + ")";
        }

        @Override
        public FeatureShape output(FeatureShape in) {
            if (channels) {
                requireMap(in, this);
            }
            return in;
        }

        @Override
        public Block block() {
            return new FastDropout(rate, channels);
        }
    }

    /** {@code nn.MaxPool2d} ({@code max}) or {@code nn.AvgPool2d}: a window, no parameters. */
    record Pool2d(boolean max, int kernel, int stride, int padding) implements Module {
        public Pool2d {
            between("kernel_size", kernel, 1, MAX_SIZE);
            between("stride", stride, 1, MAX_SIZE);
            between("padding", padding, 0, MAX_SIZE);
            if (padding * 2 > kernel) {
                // PyTorch's own rule: padding beyond half the window would pool only padding.
                throw new LayerProblem("padding", "padding=" + padding + " must be at most half of"
                        + " kernel_size=" + kernel);
            }
        }

        private String kind() {
            return max ? "MaxPool2d" : "AvgPool2d";
        }

        @Override
        public String pytorch() {
            return "nn." + kind() + "(" + kernel + ", " + stride
                    + (padding != 0 ? ", padding=" + padding : "") + ")";
        }

        @Override
        public String label() {
            return kind() + (kernel == 2 && stride == 2 && padding == 0 ? ""
                    : " " + kernel + "x" + kernel + (stride != kernel ? " s" + stride : ""));
        }

        @Override
        public FeatureShape output(FeatureShape in) {
            requireMap(in, this);
            return FeatureShape.map(in.channels(), size(in.height()), size(in.width()));
        }

        private int size(int n) {
            if (n + 2 * padding < kernel) {
                throw new LayerProblem("its " + kernel + "x" + kernel + " window does not fit the "
                        + n + "x" + n + " map; the maps have shrunk too far");
            }
            return (n + 2 * padding - kernel) / stride + 1;
        }

        @Override
        public Coverage cover(Coverage c, FeatureShape in) {
            return c.window(kernel, stride, padding);
        }

        @Override
        public Block block() {
            Shape k = new Shape(kernel, kernel);
            Shape s = new Shape(stride, stride);
            Shape p = new Shape(padding, padding);
            return max ? Pool.maxPool2dBlock(k, s, p) : Pool.avgPool2dBlock(k, s, p, false, true);
        }
    }

    /** {@code nn.AdaptiveAvgPool2d(1)}: global average pooling, one value per channel. */
    record GlobalAvgPool() implements Module {
        @Override
        public String pytorch() {
            return "nn.AdaptiveAvgPool2d(1)";
        }

        @Override
        public String label() {
            return "AdaptiveAvgPool2d";
        }

        @Override
        public FeatureShape output(FeatureShape in) {
            requireMap(in, this);
            return FeatureShape.map(in.channels(), 1, 1);
        }

        @Override
        public Coverage cover(Coverage c, FeatureShape in) {
            return c.whole(Math.max(in.height(), in.width()));
        }

        @Override
        public Block block() {
            // DJL's global pooling drops the 1x1 axes; PyTorch's keeps them, and so do we.
            return LambdaBlock.singleton(x -> Pool.globalAvgPool2d(x)
                    .reshape(x.getShape().get(0), x.getShape().get(1), 1, 1), "globalAvgPool2d");
        }
    }

    /** {@code nn.Flatten()}: the maps as one vector per image. */
    record Flatten() implements Module {
        @Override
        public String pytorch() {
            return "nn.Flatten()";
        }

        @Override
        public String label() {
            return "Flatten";
        }

        @Override
        public FeatureShape output(FeatureShape in) {
            return in.flattened();
        }

        @Override
        public Block block() {
            return new FlattenBlock();
        }
    }

    /** {@code nn.Linear}: every feature to every output. */
    record Linear(int inFeatures, int outFeatures, boolean bias) implements Module {
        public Linear {
            between("in_features", inFeatures, 1, Integer.MAX_VALUE);
            between("out_features", outFeatures, 1, 65536);
        }

        @Override
        public String pytorch() {
            return "nn.Linear(" + inFeatures + ", " + outFeatures + (bias ? "" : ", bias=False")
                    + ")";
        }

        @Override
        public String label() {
            return "Linear" + (bias ? "" : " (no bias)");
        }

        @Override
        public FeatureShape output(FeatureShape in) {
            if (!in.flat()) {
                throw new LayerProblem("the layer before gives " + in.channels() + " maps of "
                        + in.height() + "x" + in.width() + ": put nn.Flatten() before it");
            }
            if (in.features() != inFeatures) {
                throw new LayerProblem("the layer before gives " + in.featuresText());
            }
            return FeatureShape.vector(outFeatures);
        }

        @Override
        public Coverage cover(Coverage c, FeatureShape in) {
            return c.whole(Math.max(in.height(), in.width()));
        }

        @Override
        public long parameters(FeatureShape in) {
            return (long) inFeatures * outFeatures + (bias ? outFeatures : 0);
        }

        @Override
        public long macs(FeatureShape in, FeatureShape out) {
            return (long) inFeatures * outFeatures;
        }

        @Override
        public Block block() {
            return ai.djl.nn.core.Linear.builder().setUnits(outFeatures).optBias(bias).build();
        }
    }

    /** {@code nn.LogSoftmax(dim=1)}: log-probabilities of the classes, for the NLL loss. */
    record LogSoftmax() implements Module {
        @Override
        public String pytorch() {
            return "nn.LogSoftmax(dim=1)";
        }

        @Override
        public String label() {
            return "LogSoftmax";
        }

        @Override
        public FeatureShape output(FeatureShape in) {
            if (!in.flat()) {
                throw new LayerProblem("the layer before gives " + in.channels() + " maps of "
                        + in.height() + "x" + in.width() + ": put nn.Flatten() before it");
            }
            return in;
        }

        @Override
        public Block block() {
            return LambdaBlock.singleton(x -> x.logSoftmax(1), "log_softmax");
        }
    }

    private static void requireMap(FeatureShape in, Module m) {
        if (in.flat()) {
            throw new LayerProblem("the layer before gives a flat vector of " + in.features()
                    + " values; " + m.label() + " needs maps: it must come before nn.Flatten()");
        }
    }

    private static void between(String argument, int value, int min, int max) {
        if (value < min || value > max) {
            throw new LayerProblem(argument, argument + " must be " + (max == Integer.MAX_VALUE
                    ? "at least " + min : "between " + min + " and " + max)
                    + " (was " + value + ")");
        }
    }
}
