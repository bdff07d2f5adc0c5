package backproplab.cli;

import backproplab.model.ModelFile;
import backproplab.model.RecipeField;
import backproplab.training.RunField;
import backproplab.training.TrainSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Some of train's recipe options, and all of its run options, on another command that works
 * from a model's recipe as train does ({@code augment}, {@code lr-find}): the same names, help
 * and parsing as train's, from the same tables.
 */
final class RecipeOptionsOf {

    private RecipeOptionsOf() {}

    /** Adds {@code fields}' options and the run's after --model, as train's help has them. */
    static CommandSpec add(CommandSpec spec, List<? extends RecipeField<?>> fields) {
        List<OptionSpec> after = spec.options().stream()
                .filter(o -> !o.longestName().equals("--model")).toList();
        after.forEach(spec::remove);
        for (RecipeField<?> field : fields) {
            OptionSpec.Builder option = OptionSpec.builder(field.option())
                    .description(RecipeHelp.description(field));
            spec.addOption(field.isFlag() ? option.negatable(true).type(Boolean.class).build()
                    : option.paramLabel(field.paramLabel()).type(String.class).build());
        }
        for (RunField field : RunField.ALL) {
            spec.addOption(OptionSpec.builder(field.option()).description(field.description())
                    .paramLabel(field.paramLabel()).type(String.class).build());
        }
        after.forEach(spec::addOption);
        return spec;
    }

    /** The values given of {@code fields}, as text, for {@link RecipeField#apply}. */
    static Map<RecipeField<?>, String> given(ParseResult parsed,
                                             List<? extends RecipeField<?>> fields) {
        Map<RecipeField<?>, String> given = new LinkedHashMap<>();
        for (RecipeField<?> field : fields) {
            Object value = parsed.matchedOptionValue(field.option(), null);
            if (value != null) {
                given.put(field, value.toString());
            }
        }
        return given;
    }

    /**
     * The settings a run of {@code model} would have with the options given: its recipe with
     * {@code fields} given over it, the run's seed, limit and holdout, as train would make them.
     */
    static TrainSettings settings(ModelFile model, ParseResult parsed,
                                  List<? extends RecipeField<?>> fields, int threads,
                                  Path dataDir) {
        return new TrainSettings(model, RecipeField.apply(model.recipe(), given(parsed, fields)),
                run(parsed, RunField.SEED), threads, dataDir.toString(),
                (int) run(parsed, RunField.LIMIT), (int) run(parsed, RunField.HOLDOUT));
    }

    /** The run's field as given, else its default. */
    static long run(ParseResult parsed, RunField field) {
        return field.parse(parsed.matchedOptionValue(field.option(), null));
    }
}
