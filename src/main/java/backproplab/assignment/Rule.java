package backproplab.assignment;

import backproplab.model.Architecture;
import backproplab.model.FeatureShape;
import backproplab.model.Module;
import backproplab.training.EpochMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One rule of an assignment. Each kind says itself as a checklist line and judges a model (before
 * training: what its layers and recipe already decide) and a run (after: what its epochs did).
 */
public sealed interface Rule {

    /** The rule as the checklist says it. */
    String text();

    /** The rule as the rules file writes it. */
    String line();

    /**
     * The rule judged on {@code model}, which plans {@code plannedEpochs}, and the epochs it has
     * finished ({@code history}; empty before training).
     */
    Verdict check(Architecture model, int plannedEpochs, List<EpochMetrics> history);

    /** Fewer than (or, {@code inclusive}, at most) {@code limit} trainable parameters. */
    record ParameterBudget(long limit, boolean inclusive) implements Rule {
        public ParameterBudget {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1 (was " + limit + ")");
            }
        }

        @Override
        public String text() {
            return (inclusive ? "at most " : "fewer than ") + count(limit) + " parameters";
        }

        @Override
        public String line() {
            return "parameters " + (inclusive ? "<= " : "< ") + limit;
        }

        @Override
        public Verdict check(Architecture model, int plannedEpochs, List<EpochMetrics> history) {
            long p = model.parameters();
            boolean met = inclusive ? p <= limit : p < limit;
            return new Verdict(text(), met ? Verdict.Status.MET : Verdict.Status.BROKEN,
                    count(p) + " parameters");
        }
    }

    /**
     * At most {@code limit} epochs: those the recipe plans, until the run has trained them all;
     * a run still going will train what it plans.
     */
    record EpochBudget(int limit) implements Rule {
        public EpochBudget {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1 (was " + limit + ")");
            }
        }

        @Override
        public String text() {
            return "at most " + limit + (limit == 1 ? " epoch" : " epochs");
        }

        @Override
        public String line() {
            return "epochs <= " + limit;
        }

        @Override
        public Verdict check(Architecture model, int plannedEpochs, List<EpochMetrics> history) {
            int done = history.size();
            int judged = Math.max(done, plannedEpochs);
            String figure = done == 0 ? plannedEpochs + " planned"
                    : done >= plannedEpochs ? done + " trained"
                    : plannedEpochs + " planned (" + done + " trained so far)";
            return new Verdict(text(), judged <= limit ? Verdict.Status.MET
                    : Verdict.Status.BROKEN, figure);
        }
    }

    /**
     * At least {@code percent} test accuracy in each of the last {@code epochs} epochs: the
     * assignment asks for a model that stays above the target, not one that touches it once.
     */
    record AccuracyHeld(double percent, int epochs) implements Rule {
        /** The slack of a comparison of fractions read back from metrics.json. */
        private static final double SLACK = 1e-9;

        public AccuracyHeld {
            if (!(percent > 0 && percent <= 100)) {
                throw new IllegalArgumentException("the accuracy must be above 0% and at most"
                        + " 100% (was " + percent + ")");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1 (was " + epochs
                        + ")");
            }
        }

        @Override
        public String text() {
            return "test accuracy at least " + percentText(percent) + (epochs == 1
                    ? " in the last epoch" : " in each of the last " + epochs + " epochs");
        }

        @Override
        public String line() {
            return "accuracy >= " + percentText(percent) + " in each of the last " + epochs
                    + (epochs == 1 ? " epoch" : " epochs");
        }

        @Override
        public Verdict check(Architecture model, int plannedEpochs, List<EpochMetrics> history) {
            int done = history.size();
            if (done == 0) {
                return new Verdict(text(), Verdict.Status.PENDING, "not trained yet");
            }
            boolean going = done < plannedEpochs;
            if (done < epochs) {
                return new Verdict(text(), going ? Verdict.Status.PENDING
                        : Verdict.Status.BROKEN, done + (done == 1 ? " epoch" : " epochs")
                        + " trained" + (going ? " so far" : ""));
            }
            List<EpochMetrics> last = history.subList(done - epochs, done);
            EpochMetrics lowest = last.stream().min((a, b) -> Double.compare(a.testAccuracy(),
                    b.testAccuracy())).orElseThrow();
            EpochMetrics highest = history.stream().max((a, b) -> Double.compare(
                    a.testAccuracy(), b.testAccuracy())).orElseThrow();
            boolean held = lowest.testAccuracy() >= percent / 100 - SLACK;
            String figure = (epochs == 1 ? "epoch " + last.get(0).epoch() : "lowest of epochs "
                    + last.get(0).epoch() + "-" + last.get(epochs - 1).epoch()) + ": "
                    + fraction(lowest.testAccuracy());
            if (!held && highest.testAccuracy() >= percent / 100 - SLACK) {
                figure += "; " + fraction(highest.testAccuracy()) + " at epoch "
                        + highest.epoch() + ", not held";
            }
            // A run still training may yet rise above the target or fall below it.
            Verdict.Status status = going ? Verdict.Status.PENDING
                    : held ? Verdict.Status.MET : Verdict.Status.BROKEN;
            return new Verdict(text(), status, going ? figure + " (so far)" : figure);
        }
    }

    /**
     * A layer of one of {@code anyOf} kinds ({@code required}), or none of them. A Dropout that
     * drops nothing (p=0) is not counted: it is there in name only.
     */
    record Layers(List<String> anyOf, boolean required) implements Rule {
        public Layers {
            anyOf = List.copyOf(anyOf);
            if (anyOf.isEmpty()) {
                throw new IllegalArgumentException("no layer named");
            }
            for (String name : anyOf) {
                if (!LayerKinds.known(name)) {
                    throw new IllegalArgumentException("unknown layer " + name + "; known: "
                            + String.join(", ", LayerKinds.names()));
                }
            }
        }

        @Override
        public String text() {
            return (required ? "has " : "has no ") + String.join(" or ", anyOf);
        }

        @Override
        public String line() {
            return (required ? "require " : "forbid ") + String.join(" or ", anyOf);
        }

        @Override
        public Verdict check(Architecture model, int plannedEpochs, List<EpochMetrics> history) {
            Map<String, Integer> found = new LinkedHashMap<>();
            List<String> idle = new ArrayList<>();
            FeatureShape in = model.input();
            for (Architecture.Layer layer : model.layers()) {
                Module m = layer.module();
                for (String name : anyOf) {
                    if (LayerKinds.is(m, in, name)) {
                        if (m instanceof Module.Dropout d && d.rate() == 0) {
                            idle.add(m.label());
                        } else {
                            found.merge(m.label(), 1, Integer::sum);
                        }
                        break;
                    }
                }
                in = layer.shape();
            }
            List<String> parts = new ArrayList<>();
            found.forEach((label, n) -> parts.add(n == 1 ? label : n + " x " + label));
            String figure = parts.isEmpty() ? "none" : String.join(", ", parts);
            if (!idle.isEmpty()) {
                figure += (parts.isEmpty() ? " (" : "; and ") + idle.size() + " x "
                        + idle.get(0) + ", which drops nothing" + (parts.isEmpty() ? ")" : "");
            }
            boolean met = required != found.isEmpty();
            return new Verdict(text(), met ? Verdict.Status.MET : Verdict.Status.BROKEN, figure);
        }
    }

    /** "20,000". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "99.4%": a percentage as the rules file writes it, without trailing zeros. */
    static String percentText(double percent) {
        return java.math.BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString() + "%";
    }

    /** "99.45%": an accuracy of metrics.json (a fraction), as the tables show it. */
    static String fraction(double accuracy) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * accuracy);
    }
}
