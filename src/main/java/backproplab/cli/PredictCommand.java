package backproplab.cli;

import backproplab.inspect.PredictJob;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Read your own digits: the three most probable classes for each picture.",
        description = "Prepares each picture as MNIST's digits were made (the ink's box scaled to"
            + " 20x20, centred by its centre of mass in 28x28; dark ink on light paper or light on"
            + " dark, read from the border; a 28x28 picture is taken as an MNIST digit already) and"
            + " runs a run's best model on it. An unreadable picture is named and the others are"
            + " still predicted (exit code 2).",
        footer = {"", "Example: backprop-lab predict --run runs/lean-20261121-101500 7.png 3.jpg"})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOption run;

    @Parameters(paramLabel = "IMAGE", arity = "1..*",
            description = "PNG or JPEG pictures of one digit each, up to 100 megapixels")
    List<Path> images;

    @Override
    public Integer call() {
        int unreadable = PredictJob.run(run.best(), images, System.out,
                problem -> Errors.report(spec.commandLine(), problem));
        return unreadable == 0 ? 0 : Errors.BAD_INPUT;
    }
}
