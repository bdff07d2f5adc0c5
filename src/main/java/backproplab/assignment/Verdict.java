package backproplab.assignment;

import static backproplab.Bounds.present;

/**
 * One rule of an assignment, judged: whether it holds, and the figure that decides it.
 *
 * @param rule   the rule as the checklist says it: "fewer than 20,000 parameters"
 * @param status met, broken, or not decided yet (the accuracy of a model not trained)
 * @param figure what decided it: "7,864 parameters", "lowest of epochs 18-20: 99.38%"
 */
public record Verdict(String rule, Status status, String figure) {

    /** Whether a rule holds. */
    public enum Status {
        MET("met"), BROKEN("NOT MET"), PENDING("to come");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        /** How a checklist in text says it: ASCII, for any console. */
        public String word() {
            return word;
        }
    }

    public Verdict {
        present("rule", rule);
        present("status", status);
        present("figure", figure);
    }

    public boolean met() {
        return status == Status.MET;
    }
}
