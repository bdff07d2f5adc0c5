package backproplab.journal;

import backproplab.assignment.Assignment;
import backproplab.assignment.Checklist;
import backproplab.assignment.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The assignment's checklist at the top of a report: a rule a row, a run a column, each cell
 * whether the run meets the rule and the figure that decides it.
 */
final class ChecklistMarkdown {

    private ChecklistMarkdown() {}

    static String section(Assignment assignment, List<Attempt> attempts) {
        List<Checklist> lists = attempts.stream().map(a -> Checklist.ofRun(assignment,
                a.settings(), a.history())).toList();
        StringBuilder s = new StringBuilder("## The assignment: ").append(assignment.name())
                .append("\n\n");
        if (!assignment.description().isEmpty()) {
            s.append(assignment.description()).append("\n\n");
        }
        for (int k = 0; k < attempts.size(); k++) {
            Checklist c = lists.get(k);
            s.append("- **").append(attempts.get(k).name()).append("**: ")
                    .append(c.allMet() ? "every rule met" : c.headline()
                            .substring(c.assignment().length() + 2)).append('\n');
        }
        s.append('\n');
        List<String> titles = new ArrayList<>(List.of("Rule"));
        attempts.forEach(a -> titles.add(a.name()));
        s.append(row(titles)).append("|:--|").append(":--|".repeat(attempts.size()))
                .append('\n');
        for (int r = 0; r < assignment.rules().size(); r++) {
            List<String> cells = new ArrayList<>(List.of(lists.get(0).verdicts().get(r).rule()));
            for (Checklist c : lists) {
                Verdict v = c.verdicts().get(r);
                cells.add((v.status() == Verdict.Status.MET ? "✓ " : v.status()
                        == Verdict.Status.BROKEN ? "✗ **not met**: " : "… to come: ")
                        + v.figure());
            }
            s.append(row(cells));
        }
        return s.toString();
    }

    private static String row(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|"))
                .collect(Collectors.joining(" | ", "| ", " |\n"));
    }
}
