package backproplab.cli;

import backproplab.kernels.ConvolutionPath;
import backproplab.kernels.Doctor;
import backproplab.kernels.OneDnnCacheSizes;
import backproplab.model.Architecture;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.training.Engines;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Check that libtorch computes convolutions right on this machine.",
        description = {"Names the CPU, says what oneDNN read of its caches (mended where a VM"
            + " hides them), runs every convolution shape of the models in float32, forward and"
            + " backward, on oneDNN's kernels and on libtorch's own, against float64, and says"
            + " which backprop-lab uses. train, evaluate, predict, inspect and serve make the"
            + " same check, briefly, before a model runs, and take libtorch's own kernels"
            + " where oneDNN's are still wrong.",
            "Exit code 0: a path is right; 1: none is, and nothing will train here."},
        footer = {"", "Examples:", "  backprop-lab doctor",
            "  backprop-lab doctor --model s6 --calls 50",
            "  backprop-lab doctor --model s6 --as-read"})
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = ModelNames.LABEL, description = "a model whose shapes"
            + " to check, once per model: a built-in one; or " + ModelNames.FILES + " (default:"
            + " all: ${COMPLETION-CANDIDATES})",
            completionCandidates = ModelNames.class)
    List<String> models;

    @Option(names = "--calls", paramLabel = "N", description = "calls of each shape at each batch"
            + " size (default: ${DEFAULT-VALUE}); a fault that comes and goes needs more")
    int calls = 5;

    @Option(names = "--as-read", description = "check oneDNN with the cache sizes it read of this"
            + " CPU, where backprop-lab mended them (a VM that hides them): shows the fault the"
            + " mending prevents")
    boolean asRead;

    @Override
    public Integer call() {
        new OptionChecks(spec).atLeast("--calls", calls, 1);
        List<Architecture> archs = (models == null ? Models.builtIn()
                : models.stream().map(m -> Models.resolve(m, "--model")).toList())
                .stream().map(ModelFile::architecture).toList();
        Engines.configure(Defaults.threads());
        Engines.noGradientsOnThisThread();
        int[] inForce = OneDnnCacheSizes.changeable() ? OneDnnCacheSizes.inForce() : null;
        ConvolutionPath before = ConvolutionPath.current();
        try {
            if (asRead && inForce != null) {
                OneDnnCacheSizes.use(OneDnnCacheSizes.asRead());
                System.out.println("--as-read: oneDNN runs with the cache sizes it read, not"
                        + " the mended ones");
            }
            ConvolutionPath path = Doctor.ofLibtorch(System.out).examine(archs,
                    Models.DEFAULT.recipe().batchSize(), Engines.threads(), calls);
            return path == null ? Errors.FAILED : 0;
        } finally {
            // As it was: a doctor run inside a longer-lived process changes nothing.
            if (inForce != null) {
                OneDnnCacheSizes.use(inForce);
            }
            ConvolutionPath.use(before);
        }
    }
}
