package backproplab.kernels;

import backproplab.console.Terminal;
import backproplab.kernels.KernelCheck.Fault;
import backproplab.kernels.KernelCheck.Part;
import backproplab.model.Architecture;
import backproplab.model.Architecture.Convolution;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code backprop-lab doctor}: every convolution shape of the given models, checked on each path
 * libtorch offers, a row per shape as it is done, then which path backprop-lab takes here.
 */
public final class Doctor {

    private final KernelCheck check;
    private final KernelGuard.Paths paths;
    private final PrintStream out;

    public Doctor(KernelCheck check, KernelGuard.Paths paths, PrintStream out) {
        this.check = check;
        this.paths = paths;
        this.out = out;
    }

    /** The doctor of this machine's libtorch. */
    public static Doctor ofLibtorch(PrintStream out) {
        return new Doctor(new KernelCheck(KernelCheck.LIBTORCH), KernelGuard.LIBTORCH_PATHS, out);
    }

    /**
     * Checks the calls training makes of each convolution of {@code models}
     * ({@link ConvCase#training}), {@code calls} times each, on oneDNN and on libtorch's own
     * kernels; returns the path backprop-lab takes, or null when neither is right.
     */
    public ConvolutionPath examine(Collection<Architecture> models, int batchSize, int threads,
                                   int calls) {
        Set<Convolution> shapes = new LinkedHashSet<>();
        models.forEach(m -> shapes.addAll(m.convolutions()));
        out.println("CPU: " + Cpu.here());
        // Said in words that break at the terminal's 80 columns.
        out.println(Terminal.wrap(Arrays.stream((OneDnnCacheSizes.result().detail() + ".")
                .split(" ")).map(word -> word + " ").toList(), 80, ""));
        out.printf(Locale.ROOT,
                "%d convolution shapes of %d model(s), %d calls each, float32 against float64:%n"
                + "forward and backward at a replica's share of a batch of %d on %d threads,%n"
                + "forward alone at 1 image and at the path's evaluation batch%n", shapes.size(),
                models.size(), calls, batchSize, threads);
        ConvolutionPath start = paths.current();
        String switchMissing = paths.switchMissing();
        if (switchMissing != null) {
            out.println(Terminal.wrap(Arrays.stream((switchMissing + "; only libtorch's default"
                    + " kernels are checked.").split(" ")).map(word -> word + " ").toList(), 80,
                    ""));
            boolean right = examine(start, shapes, conv -> ConvCase.training(conv, batchSize,
                    threads, start), calls);
            out.println();
            out.println(right ? "backprop-lab computes convolutions with libtorch's default"
                    + " kernels here (right)." : "No kernels are right here: backprop-lab will"
                    + " not train or predict on this CPU.");
            return right ? start : null;
        }
        boolean oneDnnRight = start == ConvolutionPath.ONEDNN
                && examine(ConvolutionPath.ONEDNN, shapes, conv -> ConvCase.training(conv,
                        batchSize, threads, ConvolutionPath.ONEDNN), calls);
        boolean ownRight = examine(ConvolutionPath.ATEN, shapes, conv -> ConvCase.training(conv,
                batchSize, threads, ConvolutionPath.ATEN), calls);
        out.println();
        if (oneDnnRight) {
            paths.use(ConvolutionPath.ONEDNN);
            out.println("backprop-lab computes convolutions with oneDNN's kernels here (right,"
                    + " fastest).");
            return ConvolutionPath.ONEDNN;
        }
        if (ownRight) {
            out.println("backprop-lab computes convolutions with libtorch's own kernels here:"
                    + (start == ConvolutionPath.ONEDNN ? " oneDNN's are wrong." : ""));
            return ConvolutionPath.ATEN;
        }
        out.println("No kernels are right here: backprop-lab will not train or predict on this"
                + " CPU.");
        return null;
    }

    /** One table: a row per shape, wrong calls of each part out of all calls. */
    private boolean examine(ConvolutionPath path, Set<Convolution> shapes,
                            Function<Convolution, List<ConvCase>> cases, int calls) {
        paths.use(path);
        out.println();
        out.printf(Locale.ROOT,
                "%-32s %8s %9s %10s %11s%n", path.description(), "output", "inference",
                "input grad", "weight grad");
        int wrongShapes = 0;
        for (Convolution conv : shapes) {
            int[] wrong = new int[Part.values().length];
            int[] total = new int[Part.values().length];
            for (ConvCase c : cases.apply(conv)) {
                c.parts().forEach(part -> total[part.ordinal()] += calls);
                for (Fault f : check.run(c, calls)) {
                    wrong[f.part().ordinal()] += f.wrong();
                }
            }
            List<Object> cells = new ArrayList<>(List.of(label(conv)));
            for (Part part : Part.values()) {
                cells.add(wrong[part.ordinal()] + "/" + total[part.ordinal()]);
            }
            out.printf(Locale.ROOT, "  %-30s %8s %9s %10s %11s%n", cells.toArray());
            if (Arrays.stream(wrong).sum() > 0) {
                wrongShapes++;
            }
        }
        out.println(wrongShapes == 0 ? "  right in all " + shapes.size() + " shapes"
                : "  WRONG in " + wrongShapes + " of " + shapes.size() + " shapes");
        return wrongShapes == 0;
    }

    /** E.g. "8->12 3x3 pad 1, 14x14". */
    static String label(Convolution c) {
        return String.format(Locale.ROOT, "%s, %dx%d", c.label(), c.height(), c.width());
    }
}
