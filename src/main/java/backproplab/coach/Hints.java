package backproplab.coach;

import backproplab.training.EpochMetrics;
import backproplab.training.Misread;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The hints of a run: every rule of {@link Hint} applied, those whose condition holds. */
public final class Hints {

    /** A hint as a page shows it: its texts, not its figures' record. */
    public record Shown(String rule, String title, String figures, String advice,
                        List<Integer> digits) {
        public Shown(Hint h) {
            this(h.rule(), h.title(), h.figures(), h.advice(), h.digits());
        }
    }

    private Hints() {}

    /** The hints of a run's finished epochs, in the order a learner would act on them. */
    public static List<Hint> ofCurves(List<EpochMetrics> history) {
        // The start first: a rate too low explains everything after it.
        return Stream.of(Hint.FlatStart.of(history), Hint.OverFitting.of(history),
                        Hint.TestAboveTraining.of(history), Hint.Swinging.of(history),
                        Hint.TargetNotHeld.of(history))
                .flatMap(Optional::stream).toList();
    }

    /** The hint of a model's mistakes on the test set, if a pair of digits stands out. */
    public static Optional<Hint> ofMistakes(List<Misread> misread) {
        return Hint.ConfusedPairs.of(misread);
    }

    /** {@code hints} as pages show them. */
    public static List<Shown> shown(List<Hint> hints) {
        return hints.stream().map(Shown::new).toList();
    }
}
