package backproplab.cli;

import backproplab.training.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --run DIR} of the commands that use a trained run's best model. */
final class RunOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", required = true,
            description = "a training run folder: its best model (best.ckpt)")
    Path run;

    Path folder() {
        return run;
    }

    /** The run's best model, or one line naming the option if there is none. */
    Path best() {
        OptionChecks check = new OptionChecks(spec);
        RunFolder folder = check.obey(() -> RunFolder.open(run, "--run"));
        if (!Files.isRegularFile(folder.best())) {
            throw check.bad("--run: " + folder.best() + " does not exist (" + folder.whyNoBest()
                    + ")");
        }
        return folder.best();
    }
}
