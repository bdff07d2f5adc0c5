package backproplab.cli;

import backproplab.assignment.Assignment;
import backproplab.console.ShownPath;
import backproplab.journal.AssignmentReport;
import backproplab.training.Engines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write an assignment's README: runs compared, their notes, models and mistakes.",
        description = {"Writes DIR/README.md to hand in: a table comparing the runs (figures,"
            + " and the settings that differ), their test curves overlaid, then each run's notes"
            + " (its notes.md: Target, Results, Analysis), its model as PyTorch and as a summary"
            + " table, its curves, confusion matrix and surest mistakes. Every picture is put"
            + " beside the README, so the folder can be committed as it is.",
            "",
            "DIR must be new, empty, or hold an earlier report, which is replaced unless its"
            + " README.md was edited since: edit the runs' notes and write the report again."},
        footer = {"", "Examples:",
            "  backprop-lab report runs/lean-20261121-101500 runs/my-net-20261122-093000 \\",
            "      --out assignment"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = AssignmentReport.RUN, arity = "1..*",
            description = "training run folders, in the order the report shows them")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "the report's folder: README.md and its pictures")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "MNIST files, to evaluate a"
            + " run's best model when no evaluation of it is at hand (default: the shipped"
            + " data/mnist)")
    Path dataDir = Defaults.dataDir();

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default:"
            + " ${DEFAULT-VALUE}, the cores of this machine)")
    int threads = Defaults.threads();

    @Option(names = "--assignment", paramLabel = "FILE", description = "the rules the"
            + " README's checklist judges the runs by: a rules file, or s6 (default: s6; see:"
            + " backprop-lab check --help)")
    String assignment;

    @Override
    public Integer call() throws IOException {
        Assignment rules = Assignment.resolve(assignment, "--assignment");
        Engines.configure(Engines.atMostCores(new OptionChecks(spec).atLeast("--threads", threads,
                1), warning -> Errors.warn(spec.commandLine(), warning)));
        AssignmentReport.write(runs, dataDir, ShownPath.of(out), System.out, rules);
        return 0;
    }
}
