package backproplab.cli;

import backproplab.backprop.BackpropJob;
import backproplab.backprop.BackpropSettings;
import backproplab.backprop.InvalidSettingException;
import backproplab.console.ShownPath;
import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backprop", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Work the 2-2-2 sigmoid network's backpropagation into an Excel workbook and"
            + " charts.",
        // Written out: picocli's own synopsis breaks a label such as t1,t2 at its comma.
        customSynopsis = {
            "backprop-lab backprop [-hV] [--inputs=i1,i2] [--targets=t1,t2]",
            "                             [--weights=w1,..,w8] [--biases=b1,b2]",
            "                             [--train-biases] [--lr=η,..] [--iterations=N]",
            "                             [--diagram=K] [--out=DIR]"},
        description = "Runs gradient descent on the 2-2-2 sigmoid network (no biases unless"
            + " --biases is given) for several"
            + " learning rates and writes BackPropagation.xlsx (live formulas, native charts, the"
            + " chain-rule derivation), one loss chart per learning rate and one of all of them"
            + " (PNG), and prints E_total at a few iterations.",
        footer = {"", "Examples:", "  backprop-lab backprop",
            "  backprop-lab backprop --lr 0.5,1,2 --iterations 200 --out out/bp"})
final class BackpropCommand implements Callable<Integer> {

    /** The course's network: every option's default comes from it. */
    private static final BackpropSettings DEFAULTS = BackpropSettings.defaults();

    @Spec
    CommandSpec spec;

    @Option(names = "--inputs", split = ",", hideParamSyntax = true, paramLabel = "i1,i2",
            description = "the two inputs (default: 0.05,0.1)")
    double[] inputs = {DEFAULTS.inputs().i1(), DEFAULTS.inputs().i2()};

    @Option(names = "--targets", split = ",", hideParamSyntax = true, paramLabel = "t1,t2",
            description = "the two targets (default: 0.5,0.5)")
    double[] targets = {DEFAULTS.targets().t1(), DEFAULTS.targets().t2()};

    @Option(names = "--weights", split = ",", hideParamSyntax = true, paramLabel = "w1,..,w8",
            description = "the eight initial weights"
                + " (default: 0.15,0.2,0.25,0.3,0.4,0.45,0.5,0.55)")
    double[] weights = DEFAULTS.initialWeights().toArray();

    @Option(names = "--biases", split = ",", hideParamSyntax = true, paramLabel = "b1,b2",
            description = "add b1 to both hidden neurons and b2 to both outputs, kept fixed"
                + " (default: no biases; Matt Mazur's example: 0.35,0.6)")
    double[] biases;

    @Option(names = "--train-biases",
            description = "update the biases by gradient descent too (needs --biases)")
    boolean trainBiases;

    @Option(names = "--lr", split = ",", hideParamSyntax = true, paramLabel = "η,..",
            description = "learning rates, one sheet and chart each (default: 0.1,0.2,0.5,0.8,1,2)")
    double[] rates = BackpropSettings.DEFAULT_RATES.stream().mapToDouble(Double::doubleValue)
            .toArray();

    @Option(names = "--iterations", paramLabel = "N",
            description = "rows per learning rate (default: ${DEFAULT-VALUE}, the original"
                + " sheet's)")
    int iterations = BackpropSettings.DEFAULT_ITERATIONS;

    @Option(names = "--diagram", paramLabel = "K",
            description = "also draw the network at iteration K (values, gradients, updates) as"
                + " network-iteration-K.svg and .png; with several learning rates, a pair per"
                + " rate: network-iteration-K-eta-<η>.svg and .png")
    Integer diagram;

    @Option(names = "--out", paramLabel = "DIR",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("out", "backprop");

    @Override
    public Integer call() throws IOException {
        OptionChecks check = new OptionChecks(spec);
        BackpropSettings settings;
        try {
            settings = BackpropSettings.of(inputs, targets, weights, biases, trainBiases, rates,
                    iterations);
            if (diagram != null) {
                settings.requireIteration("diagram", diagram);
            }
        } catch (InvalidSettingException e) {
            throw check.bad(e.getMessage());
        }
        Path folder = ShownPath.of(out);
        try {
            AtomicFiles.requireWritableDirectory(folder);
        } catch (IOException e) {
            throw check.bad("--out: " + e.getMessage());
        }
        BackpropJob.run(settings, folder, System.out,
                diagram == null ? OptionalInt.empty() : OptionalInt.of(diagram));
        return 0;
    }
}
