package backproplab.assignment;

import backproplab.console.Terminal;
import backproplab.model.Architecture;
import backproplab.training.EpochMetrics;
import backproplab.training.TrainSettings;
import java.util.List;

/**
 * An assignment's rules judged on one model or run, in the order the rules are written.
 *
 * @param assignment what was checked: "s6", or a teacher's file's name
 */
public record Checklist(String assignment, String description, List<Verdict> verdicts) {

    public Checklist {
        verdicts = List.copyOf(verdicts);
    }

    /**
     * {@code model} before training, as its recipe plans it: the budgets and layers are decided,
     * the accuracy is to come.
     */
    public static Checklist ofModel(Assignment a, Architecture model, int plannedEpochs) {
        return ofRun(a, model, plannedEpochs, List.of());
    }

    /** A run of {@code model} that plans {@code plannedEpochs} and has finished {@code history}. */
    public static Checklist ofRun(Assignment a, Architecture model, int plannedEpochs,
                                  List<EpochMetrics> history) {
        return new Checklist(a.name(), a.description(), a.rules().stream()
                .map(r -> r.check(model, plannedEpochs, history)).toList());
    }

    /** A run of {@code settings} that has finished {@code history}, as it trains its model. */
    public static Checklist ofRun(Assignment a, TrainSettings settings,
                                  List<EpochMetrics> history) {
        return ofRun(a, settings.architecture(), settings.recipe().epochs(), history);
    }

    /** Whether every rule holds: a rule still to come does not. */
    public boolean allMet() {
        return verdicts.stream().allMatch(Verdict::met);
    }

    public long brokenCount() {
        return verdicts.stream().filter(v -> v.status() == Verdict.Status.BROKEN).count();
    }

    /** "s6: 5 of 6 rules met", and before training "s6: 5 of 6 rules met, 1 to come". */
    public String headline() {
        long met = verdicts.stream().filter(Verdict::met).count();
        long pending = verdicts.stream().filter(v -> v.status() == Verdict.Status.PENDING)
                .count();
        return assignment + ": " + (met == verdicts.size() ? "all " + met + " rules met"
                : met + " of " + verdicts.size() + " rules met") + (pending > 0 ? ", " + pending
                + " to come" : "");
    }

    /**
     * The checklist as lines of text, each rule's status first, then the rule and its figure:
     * {@code   met      fewer than 20,000 parameters: 7,864 parameters}. ASCII only.
     */
    public List<String> lines() {
        return lines(Integer.MAX_VALUE);
    }

    /**
     * The same, each rule broken between words to fit {@code width} columns, its continuation
     * lines starting under the rule, so the status column stays clear.
     */
    public List<String> lines(int width) {
        int column = verdicts.stream().mapToInt(v -> v.status().word().length()).max()
                .orElse(0) + 4;
        return verdicts.stream().map(v -> {
            String head = "  " + v.status().word() + " ".repeat(column - 2
                    - v.status().word().length());
            String line = head + v.rule() + ": " + v.figure();
            return width == Integer.MAX_VALUE ? line : Terminal.wrap(List.of(
                    line.split("(?<= )")), width, " ".repeat(column));
        }).toList();
    }
}
