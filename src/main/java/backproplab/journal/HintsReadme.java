package backproplab.journal;

import backproplab.coach.Hint;
import java.util.List;

/** A run's hints as a section of the report's README: each finding, its figures, its advice. */
final class HintsReadme {

    private HintsReadme() {}

    /** The section "Hints" of one run: a list, or a line saying that no rule holds. */
    static String section(List<Hint> hints) {
        StringBuilder s = new StringBuilder("### Hints\n\n");
        if (hints.isEmpty()) {
            return s.append("_No hint: its curves show no over-fitting, no more regularisation"
                    + " than needed, no swing at the end, no flat start, no target touched but"
                    + " not held, and no pair of digits stands out among its mistakes._\n")
                    .toString();
        }
        for (Hint h : hints) {
            s.append("- **").append(h.title()).append("**: ").append(h.figures()).append(". ")
                    .append(h.advice());
            if (!h.digits().isEmpty()) {
                s.append(" The #numbers are test digits, the surest mistakes first, as the"
                        + " mistakes above are captioned.");
            }
            s.append('\n');
        }
        return s.toString();
    }
}
