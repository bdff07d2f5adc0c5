package backproplab.cli;

import backproplab.InvalidInputException;
import backproplab.assignment.Assignment;
import backproplab.assignment.Checklist;
import backproplab.console.ShownPath;
import backproplab.console.Terminal;
import backproplab.journal.Attempt;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Check runs (or a model) against an assignment's rules: met, or not, and why.",
        description = {"Prints each rule of the assignment (S6's unless --assignment names a"
            + " rules file) as met, NOT MET or to come, with the figure that decides it: the"
            + " parameters, the epochs, the lowest test accuracy of the last epochs, the layers.",
            "",
            "Exit code 0 when every rule holds for every run, 1 when one does not (or is still"
            + " to come: a run not finished, a model not trained), 2 on bad input."},
        footer = {"", "Examples:", "  backprop-lab check --run runs/lean-20261121-101500",
            "  backprop-lab check --run runs/a --run runs/b --assignment week7.txt",
            "  backprop-lab check --model my-net.txt"})
final class CheckCommand implements Callable<Integer> {

    @Option(names = "--run", paramLabel = "DIR", description = "a training run folder;"
            + " repeat for several")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--model", paramLabel = ModelNames.LABEL, description = "a model to check"
            + " before training, its layers and its recipe's epochs: one of the built-in models,"
            + " ${COMPLETION-CANDIDATES}; or " + ModelNames.FILES,
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--assignment", paramLabel = "FILE", description = "the rules: a rules"
            + " file, or s6 (default: s6, the built-in S6 assignment)")
    String assignment;

    @Override
    public Integer call() {
        if (runs.isEmpty() && model == null) {
            throw new InvalidInputException("--run: give a run folder to check"
                    + " (or --model for a model before training)");
        }
        Assignment rules = Assignment.resolve(assignment, "--assignment");
        List<String> names = new ArrayList<>();
        List<Checklist> lists = new ArrayList<>();
        if (model != null) {
            ModelFile m = Models.resolve(model, "--model");
            names.add(m.name() + " (the model, before training)");
            lists.add(Checklist.ofModel(rules, m.architecture(), m.recipe().epochs()));
        }
        for (Path run : runs) {
            Attempt a = Attempt.read(ShownPath.of(run), "--run");
            names.add(a.dir().toString());
            lists.add(Checklist.ofRun(rules, a.settings(), a.history()));
        }
        boolean all = true;
        for (int i = 0; i < lists.size(); i++) {
            Checklist c = lists.get(i);
            System.out.println(names.get(i) + ": " + c.headline());
            // Wrapped on a terminal; one line a rule in a file or a pipe, for grep.
            (Terminal.isTerminal() ? c.lines(Terminal.width()) : c.lines())
                    .forEach(System.out::println);
            all &= c.allMet();
        }
        return all ? 0 : 1;
    }
}
