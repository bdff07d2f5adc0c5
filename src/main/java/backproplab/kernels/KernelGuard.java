package backproplab.kernels;

import backproplab.kernels.KernelCheck.Fault;
import backproplab.model.Architecture;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Nothing trains or predicts on wrong convolutions: before a model runs, each of its convolution
 * shapes is checked ({@link KernelCheck}) on the path libtorch takes. Where oneDNN's kernels are
 * wrong, libtorch's own are switched on for the whole process and checked in turn, and the
 * process says so once; where those are wrong too, the model does not run. A shape found right
 * is not checked again in the same process (a check of a model costs about a second).
 */
public final class KernelGuard {

    /**
     * Calls per shape. The fault seen so far is deterministic for a shape on one thread (real
     * weights zeroed) with garbage on top; {@code doctor} repeats more.
     */
    static final int CALLS = 3;

    /** Where the path comes from and goes to: libtorch's switch, or a test's stand-in. */
    public interface Paths {
        ConvolutionPath current();

        void use(ConvolutionPath path);

        /** Why there is no switch to another path here; null where there is. */
        default String switchMissing() {
            return null;
        }
    }

    static final Paths LIBTORCH_PATHS = new Paths() {
        @Override
        public ConvolutionPath current() {
            return ConvolutionPath.current();
        }

        @Override
        public void use(ConvolutionPath path) {
            ConvolutionPath.use(path);
        }

        @Override
        public String switchMissing() {
            return ConvolutionPath.switchMissing();
        }
    };

    private static final KernelGuard LIBTORCH = new KernelGuard(
            new KernelCheck(KernelCheck.LIBTORCH), LIBTORCH_PATHS,
            line -> System.err.println(line));

    private final KernelCheck check;
    private final Paths paths;
    private final Consumer<String> say;
    /** The cases found right, by the path they were found right on. */
    private final Map<ConvolutionPath, Set<ConvCase>> right = new EnumMap<>(ConvolutionPath.class);

    public KernelGuard(KernelCheck check, Paths paths, Consumer<String> say) {
        this.check = check;
        this.paths = paths;
        this.say = say;
    }

    /** The calls a model makes, which depend on the path (its evaluation batch). */
    @FunctionalInterface
    public interface Calls {
        List<ConvCase> on(ConvolutionPath path);
    }

    /** The calls training makes of each convolution of {@code arch} ({@link ConvCase#training}). */
    public static Calls training(Architecture arch, int batchSize, int threads) {
        return path -> arch.convolutions().stream()
                .flatMap(c -> ConvCase.training(c, batchSize, threads, path).stream()).toList();
    }

    /** The calls inference makes of every convolution of {@code arch}. */
    public static Calls inference(Architecture arch) {
        return path -> arch.convolutions().stream()
                .flatMap(c -> ConvCase.inference(c, path).stream()).toList();
    }

    /** Makes libtorch's convolutions right for {@code calls}, or throws. */
    public static void ensureRight(Calls calls) {
        LIBTORCH.ensure(calls);
    }

    /**
     * Checks the cases not yet found right on the current path; where one is wrong on oneDNN,
     * switches to libtorch's own kernels and checks every case there.
     *
     * @throws KernelFaultException where no path is right, naming the CPU and the first fault
     */
    public synchronized void ensure(Calls calls) {
        ConvolutionPath start = paths.current();
        List<Fault> faults = checkUnchecked(calls, start);
        if (faults.isEmpty()) {
            return;
        }
        if (start == ConvolutionPath.ONEDNN && paths.switchMissing() != null) {
            throw new KernelFaultException("the convolutions are wrong on this CPU (" + Cpu.here()
                    + ") with libtorch's default kernels, e.g. " + faults.get(0) + ", and its"
                    + " switch to its own kernels is not reachable here; not running a model on"
                    + " wrong numbers (see doctor)");
        }
        if (start == ConvolutionPath.ONEDNN) {
            paths.use(ConvolutionPath.ATEN);
            List<Fault> again = checkUnchecked(calls, ConvolutionPath.ATEN);
            if (again.isEmpty()) {
                say.accept("oneDNN's convolutions are wrong on this CPU: using libtorch's own"
                        + " (see doctor)");
                return;
            }
            faults = again;
        }
        throw new KernelFaultException("the convolutions are wrong on this CPU (" + Cpu.here()
                + ") with oneDNN's kernels and libtorch's own, e.g. " + faults.get(0)
                + "; not running a model on wrong numbers (see doctor)");
    }

    /** The first fault among the calls not yet found right on {@code path}, which runs now. */
    private List<Fault> checkUnchecked(Calls calls, ConvolutionPath path) {
        Set<ConvCase> done = right.computeIfAbsent(path, p -> new HashSet<>());
        List<ConvCase> unchecked = calls.on(path).stream().filter(c -> !done.contains(c))
                .distinct().toList();
        List<Fault> faults = check.firstFault(unchecked, CALLS);
        if (faults.isEmpty()) {
            done.addAll(unchecked);
        }
        return faults;
    }
}
