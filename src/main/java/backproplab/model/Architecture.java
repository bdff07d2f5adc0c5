package backproplab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A CNN written layer by layer, the way the notebook writes it. While the layers are added the
 * builder tracks what torchsummary prints and more: each layer's output shape, receptive field,
 * parameters and multiply-accumulates. {@link #newBlock()} turns the same list into a DJL block.
 */
public final class Architecture {

    /**
     * What one layer is and what it does to a single image. Output (y, x) sees the input square
     * of side {@code receptiveField} whose top-left corner is at ({@code start} + y·jump,
     * {@code start} + x·jump); a negative start is padding beyond the image's edge.
     */
    public record Layer(String kind, String stage, int channels, int height, int width,
                        int receptiveField, int jump, int start, long parameters,
                        long runningStats, long macs, Supplier<Block> block) {
        public boolean isConvolution() {
            return kind.contains("Conv2d");
        }

        /** The input rows (or columns) output row (or column) {@code i} sees, inclusive. */
        public int[] receptiveSpan(int i) {
            int from = start + i * jump;
            return new int[] {from, from + receptiveField - 1};
        }

        /** DJL's global pooling drops the 1x1 spatial axes, so those layers output a vector. */
        public boolean isVector() {
            return kind.equals("GlobalAvgPool") || kind.equals("LogSoftmax");
        }

        public String outputShape() {
            return isVector() ? "[" + channels + "]"
                    : "[" + channels + ", " + height + ", " + width + "]";
        }

        public long outputElements() {
            return (long) channels * height * width;
        }
    }

    /**
     * One convolution as libtorch computes it: its weights ({@code outChannels} x
     * {@code inChannels} x {@code kernel} x {@code kernel}) over an input of {@code inChannels}
     * x {@code height} x {@code width}. Whether libtorch's kernels are right depends on these
     * numbers ({@code backproplab.kernels}).
     */
    public record Convolution(int inChannels, int outChannels, int kernel, int padding,
                              int height, int width, boolean bias) {}

    private final String name;
    private final int inChannels;
    private final int inHeight;
    private final int inWidth;
    private final List<Layer> layers;
    private final List<Convolution> convolutions;

    private Architecture(Builder b) {
        this.name = b.name;
        this.inChannels = b.inChannels;
        this.inHeight = b.inHeight;
        this.inWidth = b.inWidth;
        this.layers = List.copyOf(b.layers);
        this.convolutions = List.copyOf(b.convolutions);
    }

    public String name() {
        return name;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Every convolution, in order. */
    public List<Convolution> convolutions() {
        return convolutions;
    }

    public Shape inputShape(int batch) {
        return new Shape(batch, inChannels, inHeight, inWidth);
    }

    /** Trainable parameters (weights, biases, BatchNorm's scale and shift). */
    public long parameters() {
        return layers.stream().mapToLong(Layer::parameters).sum();
    }

    /** BatchNorm's running mean and variance: stored with the model, never trained. */
    public long runningStats() {
        return layers.stream().mapToLong(Layer::runningStats).sum();
    }

    public long macs() {
        return layers.stream().mapToLong(Layer::macs).sum();
    }

    /** A fresh, uninitialised DJL block with these layers in order. */
    public SequentialBlock newBlock() {
        SequentialBlock block = new SequentialBlock();
        for (Layer layer : layers) {
            block.add(layer.block().get());
        }
        return block;
    }

    public static Builder input(String name, int channels, int height, int width) {
        return new Builder(name, channels, height, width);
    }

    /** Adds layers while tracking shape (c, h, w), receptive field r and jump j. */
    public static final class Builder {
        private final String name;
        private final int inChannels;
        private final int inHeight;
        private final int inWidth;
        private final List<Layer> layers = new ArrayList<>();
        private final List<Convolution> convolutions = new ArrayList<>();
        private int c;
        private int h;
        private int w;
        private int r = 1;
        private int j = 1;
        private int start;
        private String stage = "";

        private Builder(String name, int channels, int height, int width) {
            this.name = name;
            this.inChannels = channels;
            this.inHeight = height;
            this.inWidth = width;
            this.c = channels;
            this.h = height;
            this.w = width;
        }

        /**
         * Names the layers that follow, as the notebook tells what they learn (e.g. "Block 1:
         * edges and gradients"); the lab and {@code inspect} group feature maps by it.
         */
        public Builder stage(String name) {
            this.stage = name;
            return this;
        }

        /** 3x3 convolution, padding 1 (keeps the size), with a bias as in the notebook. */
        public Builder conv3x3(int filters) {
            return conv(filters, 3, 1, true);
        }

        /** 3x3 convolution without padding: the image shrinks by 2. */
        public Builder conv3x3Valid(int filters) {
            return conv(filters, 3, 0, true);
        }

        /** 3x3 convolution without padding or bias (BatchNorm follows and supplies the shift). */
        public Builder conv3x3ValidNoBias(int filters) {
            return conv(filters, 3, 0, false);
        }

        /** 3x3 convolution, padding 1, no bias. */
        public Builder conv3x3NoBias(int filters) {
            return conv(filters, 3, 1, false);
        }

        /** 1x1 transition: mixes channels, reduces their number, sees nothing new. */
        public Builder conv1x1(int filters) {
            return conv(filters, 1, 0, true);
        }

        public Builder conv1x1NoBias(int filters) {
            return conv(filters, 1, 0, false);
        }

        public Builder conv(int filters, int kernel, int padding, boolean bias) {
            int inC = c;
            convolutions.add(new Convolution(inC, filters, kernel, padding, h, w, bias));
            h = h + 2 * padding - kernel + 1;
            w = w + 2 * padding - kernel + 1;
            r += (kernel - 1) * j;
            start -= padding * j;
            c = filters;
            long weights = (long) filters * inC * kernel * kernel;
            return add(kernel + "x" + kernel + " Conv2d" + (bias ? "" : " (no bias)"),
                    weights + (bias ? filters : 0), 0, weights * h * w,
                    () -> Conv2d.builder().setKernelShape(new Shape(kernel, kernel))
                            .optPadding(new Shape(padding, padding)).setFilters(filters)
                            .optBias(bias).build());
        }

        public Builder relu() {
            return add("ReLU", 0, 0, 0, Activation::reluBlock);
        }

        public Builder batchNorm() {
            return add("BatchNorm2d", 2L * c, 2L * c, 0, () -> BatchNorm.builder().build());
        }

        public Builder dropout(float rate) {
            return add("Dropout(" + rate + ")", 0, 0, 0, () -> new FastDropout(rate));
        }

        /** 2x2 max-pool, stride 2: halves the image and doubles the jump. */
        public Builder maxPool() {
            r += j;
            j *= 2;
            h /= 2;
            w /= 2;
            return add("MaxPool2d", 0, 0, 0,
                    () -> Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }

        /** Global average pooling: one value per channel, seeing the whole remaining image. */
        public Builder globalAvgPool() {
            r += (h - 1) * j;
            h = 1;
            w = 1;
            return add("GlobalAvgPool", 0, 0, 0, Pool::globalAvgPool2dBlock);
        }

        /** Flattens the 1x1 maps into class scores and ends in log-softmax, as the notebook does. */
        public Architecture logSoftmax() {
            if (h != 1 || w != 1) {
                throw new IllegalStateException(name + ": the output must be 1x1 before log-softmax,"
                        + " it is " + h + "x" + w);
            }
            int classes = c;
            add("LogSoftmax", 0, 0, 0, () -> LambdaBlock.singleton(
                    x -> x.reshape(-1, classes).logSoftmax(1), "log_softmax"));
            return new Architecture(this);
        }

        private Builder add(String kind, long parameters, long runningStats, long macs,
                            Supplier<Block> block) {
            // A supplier, not a block: every model instance gets its own fresh weights.
            layers.add(new Layer(kind, stage, c, h, w, r, j, start, parameters, runningStats, macs,
                    block));
            return this;
        }
    }
}
