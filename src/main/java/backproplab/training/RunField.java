package backproplab.training;

import backproplab.OptionText;
import backproplab.model.RecipeField;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/**
 * The fields of a run beyond its model and {@link RecipeField recipe}, each once: its option of
 * {@code train} (and field of the lab's train form), what it means, its default and how its
 * value is read from text and from {@link TrainSettings}, which checks the rules. The command
 * line, the lab's form and the comparison of runs go through this table beside the recipe's.
 * (The machine's fields, threads and data folder, are the server's in the lab: not here.)
 */
public final class RunField {

    public static final RunField SEED = new RunField("seed", "N", "random seed (default: "
            + TrainSettings.DEFAULT_SEED + ")", TrainSettings.DEFAULT_SEED,
            OptionText::wholeLong, TrainSettings::seed);

    public static final RunField LIMIT = new RunField("limit", "N", "train on the first N"
            + " training images only, for a quick try (default: 0, all 60,000)", 0,
            OptionText::whole, TrainSettings::limit);

    public static final RunField HOLDOUT = new RunField("holdout", "N", "keep the last N training"
            + " images aside to pick the best epoch (default: 0, the test set picks it, as in the"
            + " notebook)", 0, OptionText::whole, TrainSettings::holdout);

    /** Every field, in the order of train's help. */
    public static final List<RunField> ALL = List.of(SEED, LIMIT, HOLDOUT);

    /** The fields a train form shows first, the recipe's and the run's: the usual ones. */
    public static final List<String> MAIN = List.of(RecipeField.EPOCHS.name(), LIMIT.name(),
            RecipeField.BATCH_SIZE.name(), RecipeField.LR.name());

    private final String name;
    private final String paramLabel;
    private final String description;
    private final long fallback;
    private final BiFunction<String, String, ? extends Number> parse;
    private final ToLongFunction<TrainSettings> get;

    private RunField(String name, String paramLabel, String description, long fallback,
                     BiFunction<String, String, ? extends Number> parse,
                     ToLongFunction<TrainSettings> get) {
        this.name = name;
        this.paramLabel = paramLabel;
        this.description = description;
        this.fallback = fallback;
        this.parse = parse;
        this.get = get;
    }

    /** "seed": the lab's field, and the option without its dashes. */
    public String name() {
        return name;
    }

    /** "--seed". */
    public String option() {
        return "--" + name;
    }

    public String paramLabel() {
        return paramLabel;
    }

    /** What the help says of it, its default included. */
    public String description() {
        return description;
    }

    /**
     * The value of {@code text}, or the default when it is null (the option left out, the field
     * left empty).
     *
     * @throws backproplab.InvalidValueException naming this option, if the text is no value of
     *                                           its kind
     */
    public long parse(String text) {
        return text == null ? fallback : parse.apply(option(), text).longValue();
    }

    /** The default as it is typed. */
    public String defaultText() {
        return Long.toString(fallback);
    }

    /** This field of {@code settings} as it is typed: what {@link #parse} reads back. */
    public String text(TrainSettings settings) {
        return Long.toString(get.applyAsLong(settings));
    }

    /** The field of this name ("seed"), if a run has one. */
    public static Optional<RunField> named(String name) {
        return ALL.stream().filter(f -> f.name.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return option();
    }
}
