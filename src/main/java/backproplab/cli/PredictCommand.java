package backproplab.cli;

import backproplab.inspect.PredictJob;
import backproplab.training.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Read your own digits: the three most probable classes for each picture.",
        description = "Prepares each picture as MNIST's digits were made (the ink's box scaled to"
            + " 20x20, centred by its centre of mass in 28x28; dark ink on light paper or light on"
            + " dark, read from the border) and runs a run's best model on it.",
        footer = {"", "Example: backprop-lab predict --run runs/lean-20261121-101500 seven.png"
            + " photo-of-a-3.jpg"})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", required = true,
            description = "a training run folder: its best model (best.ckpt)")
    Path run;

    @Parameters(paramLabel = "IMAGE", arity = "1..*",
            description = "PNG or JPEG pictures of one digit each, any size")
    List<Path> images;

    @Override
    public Integer call() {
        Path best = bestOf(spec, run);
        int unreadable = PredictJob.run(best, images, System.out,
                problem -> Errors.report(spec.commandLine(), problem));
        return unreadable == 0 ? 0 : Errors.BAD_INPUT;
    }

    /** A run folder's best model, or one line naming the option if there is none. */
    static Path bestOf(CommandSpec spec, Path run) {
        Path best = new OptionChecks(spec).obey(() -> RunFolder.open(run, "--run").best());
        if (!Files.isRegularFile(best)) {
            throw new OptionChecks(spec).bad("--run: " + best + " does not exist (no epoch has"
                    + " finished yet)");
        }
        return best;
    }
}
