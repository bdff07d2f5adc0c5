package backproplab.cli;

import backproplab.console.ShownPath;
import backproplab.training.Engines;
import backproplab.training.ModelEvaluation;
import backproplab.training.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Test a trained model: accuracy, per-class accuracy, confusion matrix, mistakes.",
        description = "Evaluates a run's best model (or any checkpoint file) on the 10,000 MNIST"
            + " test images and writes confusion.txt, confusion.png, misclassified.png and,"
            + " for every digit it misreads, its index, truth, prediction and probability in"
            + " mistakes.csv.",
        footer = {"", "Examples:", "  backprop-lab evaluate --run runs/lean-20261121-101500",
            "  backprop-lab evaluate --checkpoint \\",
            "      runs/lean-20261121-101500/checkpoints/epoch-005.ckpt"})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    CheckpointSource source;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "MNIST files (default: the shipped data/mnist)")
    Path dataDir = Defaults.dataDir();

    @Option(names = "--out", paramLabel = "DIR",
            description = "output folder (default: the run folder's evaluation/, and"
                + " evaluation/epoch-NNN/ for an epoch's checkpoint)")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads (default: ${DEFAULT-VALUE}, the cores of this machine)")
    int threads = Defaults.threads();

    @Override
    public Integer call() throws IOException {
        Path file = source.file();
        Path outDir = ShownPath.of(out != null ? out : RunFolder.evaluationDir(file));
        Engines.configure(Engines.atMostCores(new OptionChecks(spec).atLeast("--threads", threads,
                1), warning -> Errors.warn(spec.commandLine(), warning)));
        ModelEvaluation.run(file, dataDir, outDir, System.out);
        return 0;
    }
}
