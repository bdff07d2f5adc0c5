package backproplab.cli;

import backproplab.backprop.BackpropJob;
import backproplab.backprop.BackpropSettings;
import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import backproplab.backprop.TinyNetwork.Weights;
import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "backprop", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Work the 2-2-2 sigmoid network's backpropagation into an Excel workbook and charts.",
        description = "Runs gradient descent on the 2-2-2 sigmoid network (no biases) for several"
            + " learning rates and writes BackPropagation.xlsx (live formulas, native charts, the"
            + " chain-rule derivation), one loss chart per learning rate and one of all of them"
            + " (PNG), and prints E_total at a few iterations.",
        footer = {"", "Example: backprop-lab backprop --lr 0.5,1,2 --iterations 200 --out out/bp"})
final class BackpropCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--inputs", split = ",", hideParamSyntax = true, paramLabel = "i1,i2",
            description = "the two inputs (default: 0.05,0.1)")
    double[] inputs = {0.05, 0.1};

    @Option(names = "--targets", split = ",", hideParamSyntax = true, paramLabel = "t1,t2",
            description = "the two targets (default: 0.5,0.5)")
    double[] targets = {0.5, 0.5};

    @Option(names = "--weights", split = ",", hideParamSyntax = true, paramLabel = "w1,..,w8",
            description = "the eight initial weights (default: 0.15,0.2,0.25,0.3,0.4,0.45,0.5,0.55)")
    double[] weights = BackpropSettings.defaults().initialWeights().toArray();

    @Option(names = "--lr", split = ",", hideParamSyntax = true, paramLabel = "η,..",
            description = "learning rates, one sheet and chart each (default: 0.1,0.2,0.5,0.8,1,2)")
    double[] rates = BackpropSettings.DEFAULT_RATES.stream().mapToDouble(Double::doubleValue).toArray();

    @Option(names = "--iterations", paramLabel = "N",
            description = "rows per learning rate (default: ${DEFAULT-VALUE}, the original sheet's)")
    int iterations = BackpropSettings.DEFAULT_ITERATIONS;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("out", "backprop");

    @Override
    public Integer call() throws IOException {
        double[] in = values("--inputs", inputs, 2);
        double[] t = values("--targets", targets, 2);
        BackpropSettings settings = new BackpropSettings(new Inputs(in[0], in[1]),
                new Targets(t[0], t[1]), Weights.of(values("--weights", weights, 8)),
                Arrays.stream(positive("--lr", values("--lr", rates, -1))).boxed().toList(),
                positiveCount("--iterations", iterations));
        try {
            AtomicFiles.requireWritableDirectory(out);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--out: " + e.getMessage());
        }
        BackpropJob.run(settings, out, System.out);
        return 0;
    }

    /** Checks the count (-1: any, at least one) and that every value is a finite number. */
    private double[] values(String option, double[] v, int count) {
        if (count > 0 && v.length != count) {
            throw bad(option + ": expected " + count + " comma-separated numbers, got " + v.length);
        }
        if (v.length == 0) {
            throw bad(option + ": expected at least one number");
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw bad(option + ": " + x + " is not a finite number");
            }
        }
        return v;
    }

    private double[] positive(String option, double[] v) {
        for (double x : v) {
            if (x <= 0) {
                throw bad(option + ": a learning rate must be > 0, got " + x);
            }
        }
        return v;
    }

    private int positiveCount(String option, int n) {
        if (n < 1) {
            throw bad(option + ": must be at least 1, got " + n);
        }
        return n;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

}
