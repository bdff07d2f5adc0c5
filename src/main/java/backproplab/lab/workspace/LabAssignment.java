package backproplab.lab.workspace;

import static backproplab.Bounds.present;

import backproplab.assignment.Assignment;
import backproplab.assignment.Checklist;
import java.util.List;
import java.util.Locale;

/**
 * The assignment the lab checks models and runs against ({@code serve --assignment}, S6 unless
 * told otherwise), and a checklist as the pages receive it.
 */
public record LabAssignment(Assignment assignment) {

    /** The lab's usual assignment: S6's. */
    public static final LabAssignment S6 = new LabAssignment(Assignment.S6);

    public LabAssignment {
        present("assignment", assignment);
    }

    /** A rule judged, as a page shows it; {@code status}: "met", "broken" or "pending". */
    public record Item(String rule, String status, String figure) {}

    /** A checklist as a page shows it: its name, what it is, how many rules hold, each rule. */
    public record Shown(String assignment, String description, String headline, boolean allMet,
                        List<Item> rules) {}

    public Shown shown(Checklist c) {
        return new Shown(c.assignment(), c.description(), c.headline(), c.allMet(),
                c.verdicts().stream().map(v -> new Item(v.rule(),
                        v.status().name().toLowerCase(Locale.ROOT), v.figure())).toList());
    }
}
