package backproplab.cli;

import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.RecipeField;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The help of {@code train}'s recipe options, with each model's default beside it. A recipe
 * option has no single default (it is the chosen model's), so the text is built from the models'
 * recipes themselves: it can never go stale.
 */
final class RecipeHelp {

    private RecipeHelp() {}

    /** "epochs to train (default: lean 15, tiny 20, fast 6, s6 20)". */
    static String description(RecipeField<?> field) {
        return field.description() + " (default: " + perModel(field) + ")";
    }

    /** Every recipe option with each model's value, for {@code models --verbose}. */
    static String table() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-18s", "option"));
        for (ModelFile m : Models.builtIn()) {
            text.append(String.format(Locale.ROOT, "%10s", m.name()));
        }
        text.append('\n');
        for (RecipeField<?> field : RecipeField.ALL) {
            text.append(String.format(Locale.ROOT, "%-18s", field.option()));
            for (String v : values(field).values()) {
                text.append(String.format(Locale.ROOT, "%10s", v));
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Each model's value of one option, in the order of {@link Models}. */
    private static Map<String, String> values(RecipeField<?> field) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ModelFile m : Models.builtIn()) {
            values.put(m.name(), field.text(m.recipe()));
        }
        return values;
    }

    /** "lean 15, tiny 20, fast 6, s6 20", or "0.9 for every model". */
    private static String perModel(RecipeField<?> field) {
        Map<String, String> values = values(field);
        if (new HashSet<>(values.values()).size() == 1) {
            return values.values().iterator().next() + " for every model";
        }
        return values.entrySet().stream().map(v -> v.getKey() + " " + v.getValue())
                .collect(Collectors.joining(", "));
    }
}
