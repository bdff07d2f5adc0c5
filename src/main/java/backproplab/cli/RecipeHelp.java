package backproplab.cli;

import backproplab.model.Models;
import backproplab.model.Recipe;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The help text of {@code train}'s recipe options, with each model's default beside it. A recipe
 * option has no single default (it is the chosen model's), so the text is built from the models'
 * recipes themselves: it can never go stale. picocli reads it as the command's resource bundle,
 * keyed by the option's name without its dashes.
 */
public final class RecipeHelp extends ListResourceBundle {

    private record Entry(String option, String what, Function<Recipe, Object> value) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry("epochs", "epochs to train", Recipe::epochs),
            new Entry("batch-size", "images per training step", Recipe::batchSize),
            new Entry("optimizer", "the update rule: sgd, adam or adamw",
                    r -> r.optimizer().toString().toLowerCase(Locale.ROOT)),
            new Entry("lr", "learning rate (onecycle: its peak; step: its start)",
                    Recipe::learningRate),
            new Entry("momentum", "SGD momentum, or Adam's β1", Recipe::momentum),
            new Entry("nesterov", "Nesterov momentum (sgd only); --no-nesterov turns it off",
                    Recipe::nesterov),
            new Entry("weight-decay", "L2 penalty (adamw: decoupled weight decay)",
                    Recipe::weightDecay),
            new Entry("schedule", "learning-rate schedule: none, step or onecycle",
                    r -> r.schedule().toString().toLowerCase(Locale.ROOT)),
            new Entry("step-every", "step schedule: epochs between two cuts, 0 for a third of"
                    + " the epochs", Recipe::stepEvery),
            new Entry("step-gamma", "step schedule: the factor of each cut", Recipe::stepGamma),
            new Entry("rotation", "random rotation of each training image, ± degrees",
                    Recipe::rotation),
            new Entry("shift", "random translation of each training image, ± pixels",
                    Recipe::shift),
            new Entry("label-smoothing", "share of each target spread over all classes",
                    Recipe::labelSmoothing),
            new Entry("dropout", "dropout probability after each block", Recipe::dropout));

    @Override
    protected Object[][] getContents() {
        return ENTRIES.stream().map(e -> new Object[] {e.option(),
                e.what() + " (default: " + perModel(e) + ")"}).toArray(Object[][]::new);
    }

    /** Every recipe option with each model's value, for {@code models --verbose}. */
    static String table() {
        StringBuilder text = new StringBuilder(String.format("%-18s", "option"));
        for (Models m : Models.values()) {
            text.append(String.format("%10s", m.id()));
        }
        text.append('\n');
        for (Entry e : ENTRIES) {
            text.append(String.format("%-18s", "--" + e.option()));
            for (String v : values(e).values()) {
                text.append(String.format("%10s", v));
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Each model's value of one option, in the order of {@link Models}. */
    private static Map<String, String> values(Entry e) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Models m : Models.values()) {
            Object v = e.value().apply(m.recipe());
            values.put(m.id(), v instanceof Float f
                    ? new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString()
                    : String.valueOf(v));
        }
        return values;
    }

    /** "lean 15, tiny 20, fast 6, s6 20", or "0.9 for every model". */
    private static String perModel(Entry e) {
        Map<String, String> values = values(e);
        if (new HashSet<>(values.values()).size() == 1) {
            return values.values().iterator().next() + " for every model";
        }
        return values.entrySet().stream().map(v -> v.getKey() + " " + v.getValue())
                .collect(Collectors.joining(", "));
    }
}
