package backproplab.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.SideBySide;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Are libtorch's float32 convolutions right here? Each case runs forward and backward in float32
 * on the path libtorch takes now, {@code calls} times, against one float64 run, which libtorch
 * always computes with its own code (oneDNN has no float64 kernels): the output, as training and
 * as inference compute it, and the gradients of the input and of the weights. A part is wrong
 * when it holds a NaN or infinity, or is off by more than {@link #TOLERANCE} of its largest
 * value; float32's own rounding over these sums comes to about 1e-6.
 *
 * <p>Why every part of every layer shape: where a VM hides an AMD CPU's cache sizes, oneDNN 3.7
 * (libtorch 2.7.1) reorders weights whose channel count leaves a padded block wrongly, zeroing
 * some taps and leaving the padding unset; which of the forward, input-gradient and
 * weight-gradient kernels that hits depends on the channel counts and the instruction set
 * (issue 22, docs/PERFORMANCE.md). Most of the wrong results are finite.
 */
public final class KernelCheck {

    /** How far float32 may be off, relative to the part's largest float64 value. */
    static final double TOLERANCE = 1e-4;

    /** What one convolution call yields. */
    public enum Part {
        OUTPUT("output"), INFERENCE("inference output"), INPUT_GRADIENT("input gradient"),
        WEIGHT_GRADIENT("weight gradient");

        private final String label;

        Part(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One part of one case was wrong in {@code wrong} of {@code calls} calls; its worst relative
     * error, or NaN when a result was not finite.
     */
    public record Fault(ConvCase conv, Part part, int wrong, int calls, double worstError) {
        @Override
        public String toString() {
            return conv + ": " + part.label() + " wrong in " + wrong + " of " + calls + " calls"
                    + (Double.isNaN(worstError) ? " (NaN or infinite)"
                            : String.format(Locale.ROOT, " (off by up to %.2g)", worstError));
        }
    }

    /** Runs one convolution in a given type: (x, w, b, upstream gradient) to its results. */
    @FunctionalInterface
    public interface Convolver {
        /** {@code c.parts()}, in the type of {@code x}. */
        Map<Part, NDArray> run(ConvCase c, NDArray x, NDArray w, NDArray b, NDArray upstream);
    }

    /** libtorch's own convolution, through DJL, as the models call it. */
    public static final Convolver LIBTORCH = KernelCheck::convolve;

    private final Convolver convolver;

    public KernelCheck(Convolver convolver) {
        this.convolver = convolver;
    }

    /** The faults found in {@code calls} calls of each case; empty where all are right. */
    public List<Fault> run(Collection<ConvCase> cases, int calls) {
        List<Fault> faults = new ArrayList<>();
        for (ConvCase c : cases) {
            faults.addAll(run(c, calls));
        }
        return faults;
    }

    /**
     * The faults of the first case, in the given order, that has any; empty where all are
     * right. The cases run side by side, one per core: each runs libtorch on one thread and its
     * own arrays, and a check of every convolution of a model takes a second or two on one
     * core, at the start of every training run.
     */
    public List<Fault> firstFault(Collection<ConvCase> cases, int calls) {
        if (cases.isEmpty()) {
            return List.of();
        }
        int threads = Math.min(cases.size(), Runtime.getRuntime().availableProcessors());
        ExecutorService pool = SideBySide.threads("kernel-check", threads);
        try {
            List<Future<List<Fault>>> results = new ArrayList<>();
            for (ConvCase c : cases) {
                results.add(pool.submit(() -> run(c, calls)));
            }
            for (Future<List<Fault>> result : results) {
                List<Fault> faults = SideBySide.join(result);
                if (!faults.isEmpty()) {
                    return faults;
                }
            }
            return List.of();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The faults of one case in {@code calls} calls, a part each at most. */
    public List<Fault> run(ConvCase c, int calls) {
        Libtorch.load();
        // A new thread starts with gradients on; only the training part records a graph.
        JniUtils.setGradMode(false);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var conv = c.conv();
            // Data from Java's generator: the check leaves libtorch's random state, which a
            // run's seed set, as it was.
            SplittableRandom random = new SplittableRandom(c.hashCode());
            Shape xShape = new Shape(c.batch(), conv.inChannels(), conv.height(), conv.width());
            Shape wShape = new Shape(conv.outChannels(), conv.inChannels() / conv.groups(),
                    conv.kernel(), conv.kernel());
            Shape yShape = new Shape(c.batch(), conv.outChannels(), c.outHeight(), c.outWidth());
            NDArray x = gaussians(m, random, xShape, 1);
            // He-scaled weights, as a trained layer's are in size.
            double fanIn = (double) wShape.size() / wShape.get(0);
            NDArray w = gaussians(m, random, wShape, Math.sqrt(2.0 / fanIn));
            NDArray b = conv.bias() ? gaussians(m, random, new Shape(conv.outChannels()), 0.1)
                    : null;
            NDArray upstream = c.training() ? gaussians(m, random, yShape, 1) : null;
            Map<Part, NDArray> reference = convolver.run(c, x, w, b, upstream);
            // Compared in float32, the calls' type: the reference rounded to it is off by about
            // 6e-8, far under the tolerance, and no call makes float64 copies of whole maps
            // (their fresh memory was most of the check's time).
            Map<Part, Double> scale = new EnumMap<>(Part.class);
            Map<Part, NDArray> expected = new EnumMap<>(Part.class);
            reference.forEach((part, r) -> {
                scale.put(part, r.abs().max().getDouble());
                expected.put(part, r.toType(DataType.FLOAT32, false));
            });
            Map<Part, Integer> wrong = new EnumMap<>(Part.class);
            Map<Part, Double> worst = new EnumMap<>(Part.class);
            for (int call = 0; call < calls; call++) {
                try (NDManager once = m.newSubManager()) {
                    Map<Part, NDArray> single = convolver.run(c, f32(x, once), f32(w, once),
                            f32(b, once), f32(upstream, once));
                    for (Part part : c.parts()) {
                        double error = relativeError(single.get(part), expected.get(part),
                                scale.get(part));
                        if (!(error <= TOLERANCE)) {
                            wrong.merge(part, 1, Integer::sum);
                            // NaN (not finite) outranks any finite error.
                            worst.merge(part, error, (a, e) -> Double.isNaN(a) || Double.isNaN(e)
                                    ? Double.NaN : Math.max(a, e));
                        }
                    }
                }
            }
            List<Fault> faults = new ArrayList<>();
            wrong.forEach((part, n) -> faults.add(new Fault(c, part, n, calls, worst.get(part))));
            return faults;
        }
    }

    /** A float32 copy of {@code a} in {@code m}; null for null (no bias, no gradient). */
    private static NDArray f32(NDArray a, NDManager m) {
        if (a == null) {
            return null;
        }
        NDArray copy = a.toType(DataType.FLOAT32, true);
        copy.attach(m);
        return copy;
    }

    private static NDArray gaussians(NDManager m, SplittableRandom random, Shape shape, double sd) {
        double[] v = new double[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian() * sd;
        }
        return m.create(v, shape);
    }

    /**
     * max |a - b| / {@code scale} (max |b| in float64); NaN when {@code a} holds a NaN or
     * infinity, which the difference's maximum carries. In place: {@code a} is one call's
     * result, used once.
     */
    private static double relativeError(NDArray a, NDArray b, double scale) {
        NDArray difference = a.subi(b);
        // max |d| as the larger of max d and -min d: no map of |d| is made. Math.max, like
        // libtorch's max and min, carries a NaN.
        double error = Math.max(difference.max().getFloat(), -difference.min().getFloat())
                / Math.max(scale, 1e-12);
        return Double.isFinite(error) ? error : Double.NaN;
    }

    /**
     * The forward of one convolution outside any gradient recording, as inference runs it; in
     * training also forward and backward under the loss sum(y * upstream). In the type of
     * {@code x}.
     */
    private static Map<Part, NDArray> convolve(ConvCase c, NDArray x, NDArray w, NDArray b,
                                               NDArray upstream) {
        var conv = c.conv();
        Shape pad = new Shape(conv.padding(), conv.padding());
        Shape stride = new Shape(conv.stride(), conv.stride());
        Shape dilation = new Shape(conv.dilation(), conv.dilation());
        Map<Part, NDArray> results = new EnumMap<>(Part.class);
        results.put(Part.INFERENCE, Conv2d.conv2d(x, w, b, stride, pad, dilation,
                conv.groups()).get(0));
        if (!c.training()) {
            return results;
        }
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        NDArray y;
        // Gradient mode by hand rather than by a GradientCollector: DJL allows one collector at
        // a time in the whole process, and the cases run side by side. The mode belongs to the
        // thread.
        JniUtils.setGradMode(true);
        try {
            y = Conv2d.conv2d(x, w, b, stride, pad, dilation, conv.groups()).get(0);
            NDArray loss = y.mul(upstream).sum();
            JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
        } finally {
            JniUtils.setGradMode(false);
        }
        results.put(Part.OUTPUT, y);
        results.put(Part.INPUT_GRADIENT, x.getGradient());
        results.put(Part.WEIGHT_GRADIENT, w.getGradient());
        return results;
    }
}
