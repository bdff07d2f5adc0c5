package backproplab.cli;

import backproplab.console.ShownPath;
import backproplab.inspect.InspectJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Look inside a trained CNN: feature maps and kernels as PNGs for a report.",
        description = "Runs one digit through a run's best model and writes prediction.png (the"
            + " prepared input and the ten probabilities), kernels.png (the first convolution's"
            + " kernels) and conv-NN.png (every channel of every convolution, after its ReLU and"
            + " BatchNorm, labelled with its block).",
        footer = {"", "Examples:",
            "  backprop-lab inspect --run runs/lean-20261121-101500 --test-index 0",
            "  backprop-lab inspect --run runs/lean-20261121-101500 --image 7.png --out seen"})
final class InspectCommand implements Callable<Integer> {

    @Mixin
    RunOption run;

    @ArgGroup(multiplicity = "1")
    Digit digit;

    static final class Digit {
        @Option(names = "--test-index", paramLabel = "N",
                description = "an MNIST test digit, 0 to 9999")
        Integer testIndex;

        @Option(names = "--image", paramLabel = "FILE",
                description = "a PNG or JPEG picture of one digit, up to 100 megapixels")
        Path image;
    }

    @Option(names = "--out", paramLabel = "DIR",
            description = "output folder (default: the run folder's inspect/)")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "MNIST files, for --test-index (default: the shipped data/mnist)")
    Path dataDir = Defaults.dataDir();

    @Override
    public Integer call() throws IOException {
        Path best = run.best();
        InspectJob.Source source = digit.image != null ? new InspectJob.Picture(digit.image)
                : new InspectJob.TestDigit(digit.testIndex, dataDir);
        InspectJob.run(best, source, ShownPath.of(out != null ? out
                : run.folder().resolve("inspect")), System.out);
        return 0;
    }
}
