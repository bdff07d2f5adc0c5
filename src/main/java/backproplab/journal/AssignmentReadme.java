package backproplab.journal;

import backproplab.assignment.Assignment;
import backproplab.coach.Hint;
import backproplab.journal.RunNotes.Section;
import backproplab.model.ModelSummary;
import backproplab.model.PyTorchModule;
import backproplab.report.ComparisonCharts;
import backproplab.report.TrainingCharts;
import backproplab.training.ModelEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The README of an assignment, as Markdown: the attempts compared at the top (a table and
 * overlaid curves), then each attempt with its notes, its model as PyTorch and as a summary
 * table, its curves and its mistakes. Every link is relative to the README's folder.
 */
final class AssignmentReadme {

    private AssignmentReadme() {}

    /**
     * One attempt as the README shows it.
     *
     * @param folder  its folder beside the README, for its pictures
     * @param curves  which of the run's accuracy.png and loss.png are in that folder
     * @param command the command that trained it, or null
     * @param hints   what its curves and mistakes suggest ({@link HintsReadme})
     */
    record Run(Attempt attempt, String folder, RunNotes notes, List<String> curves,
               String command, List<Hint> hints) {}

    static String text(Comparison comparison, List<Run> runs, Assignment assignment) {
        StringBuilder s = new StringBuilder();
        s.append("<!-- Written by backprop-lab report. Each run's notes come from its notes.md:"
                + " edit them there and run the report again. -->\n\n");
        s.append("# MNIST: ").append(runs.size()).append(runs.size() == 1 ? " attempt"
                : " attempts").append("\n\n");
        s.append(ChecklistMarkdown.section(assignment, runs.stream().map(Run::attempt).toList()))
                .append('\n');
        s.append("## The attempts compared\n\n");
        s.append(table(comparison)).append('\n');
        s.append("![Test accuracy per epoch of every run, with the ").append(RunFigures.target())
                .append(" target](").append(ComparisonCharts.ACCURACY).append(")\n\n");
        s.append("![Test loss per epoch of every run](").append(ComparisonCharts.LOSS)
                .append(")\n");
        for (int k = 0; k < runs.size(); k++) {
            s.append('\n').append(run(runs.get(k), comparison.runs().get(k)));
        }
        return s.toString();
    }

    /** Each run's figures, and the settings that differ between them: what was changed. */
    private static String table(Comparison c) {
        List<String> titles = new ArrayList<>(List.of("Run", "Model", "Parameters",
                "Best test accuracy", "Last", "First ≥ " + RunFigures.target(),
                "Lowest of the last " + RunFigures.CONSISTENCY, "Seconds per epoch"));
        c.differences().forEach(d -> titles.add("`" + d.option() + "`"));
        StringBuilder s = new StringBuilder(row(titles));
        s.append("|:--|:--|").append("--:|".repeat(titles.size() - 2)).append('\n');
        for (int k = 0; k < c.runs().size(); k++) {
            RunFigures f = c.runs().get(k);
            List<String> cells = new ArrayList<>(List.of(f.run(), f.model(), f.parametersText(),
                    RunFigures.percent(f.bestAccuracy()) + " (epoch " + f.bestEpoch() + ")",
                    RunFigures.percent(f.lastAccuracy()), f.firstAtTargetText(),
                    RunFigures.percent(f.lowestOfLast()) + (f.lastCounted()
                            < RunFigures.CONSISTENCY ? " (of " + f.lastCounted() + ")" : ""),
                    f.secondsText()));
            int run = k;
            c.differences().forEach(d -> cells.add(d.values().get(run)));
            s.append(row(cells));
        }
        if (!c.differences().isEmpty()) {
            s.append("\nThe last columns are the settings that differ between the runs; all the"
                    + " others are the same.\n");
        }
        return s.toString();
    }

    private static String row(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|"))
                .collect(Collectors.joining(" | ", "| ", " |\n"));
    }

    private static String run(Run run, RunFigures f) {
        Attempt a = run.attempt();
        String dir = run.folder() + "/";
        StringBuilder s = new StringBuilder();
        s.append("## ").append(a.name()).append("\n\n");
        s.append("Model **").append(f.model()).append("**, ").append(f.parametersText())
                .append(" parameters, ").append(f.epochs()).append(" of ")
                .append(f.plannedEpochs()).append(" epochs trained.\n\n");
        if (run.command() != null) {
            s.append("```sh\n").append(run.command().strip()).append("\n```\n\n");
        }
        for (Section section : Section.values()) {
            String text = run.notes().text(section);
            s.append("### ").append(section.heading()).append("\n\n")
                    .append(text.isEmpty() ? "_Not written yet._" : text).append("\n\n");
        }
        s.append("### Model\n\n```python\n")
                .append(PyTorchModule.source(a.settings().modelFile()).stripTrailing())
                .append("\n```\n\n");
        s.append("Its layers, with each one's receptive field (RF):\n\n```\n")
                .append(ModelSummary.table(a.settings().architecture()).stripTrailing())
                .append("\n```\n\n");
        if (!run.curves().isEmpty()) {
            s.append("### Curves\n\n");
            for (String curve : run.curves()) {
                s.append("![").append(a.name()).append(curve.equals(TrainingCharts.ACCURACY)
                        ? ": accuracy per epoch" : ": loss per epoch").append("](").append(dir)
                        .append(curve).append(")\n\n");
            }
        }
        s.append("### Mistakes\n\n");
        s.append("The best model (epoch ").append(f.bestEpoch()).append(") on the test set ")
                .append("([as text](").append(dir).append(ModelEvaluation.CONFUSION_TEXT)
                .append(")):\n\n");
        s.append("![").append(a.name()).append(": confusion matrix](").append(dir)
                .append(ModelEvaluation.CONFUSION_PNG).append(")\n\n");
        s.append("![").append(a.name()).append(": its surest mistakes](").append(dir)
                .append(ModelEvaluation.MISTAKES_PNG).append(")\n");
        s.append('\n').append(HintsReadme.section(run.hints()));
        return s.toString();
    }
}
