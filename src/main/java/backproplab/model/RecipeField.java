package backproplab.model;

import static backproplab.Bounds.between;
import static backproplab.Bounds.positive;

import backproplab.Bounds;
import backproplab.InvalidValueException;
import backproplab.OptionText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fields of a {@link Recipe}, each once: its option of {@code train} (and field of the lab's
 * train form), what it means, how its value is read from text, read from a recipe and set on a
 * builder, and the rule it obeys. The command line, the lab, the recipe's own checks and a recipe
 * written as train's options beside a model all go through this table, so none can accept what
 * another refuses.
 *
 * @param <T> the field's value, as the recipe holds it
 */
public final class RecipeField<T> {

    public static final RecipeField<Integer> EPOCHS = new RecipeField<>("epochs", "N",
            "epochs to train", OptionText::whole, Recipe::epochs, Recipe.Builder::epochs,
            (name, n) -> between(name, n, 1, Recipe.MAX_EPOCHS));

    public static final RecipeField<Integer> BATCH_SIZE = new RecipeField<>("batch-size", "N",
            "images per training step", OptionText::whole, Recipe::batchSize,
            Recipe.Builder::batchSize, (name, n) -> between(name, n, 1, Recipe.MAX_BATCH_SIZE));

    public static final RecipeField<Recipe.Optimizer> OPTIMIZER = new RecipeField<>("optimizer",
            "sgd|adam|adamw", "the update rule: sgd, adam or adamw",
            (name, text) -> OptionText.choice(name, text, Recipe.Optimizer.class),
            Recipe::optimizer, Recipe.Builder::optimizer, Bounds::present);

    public static final RecipeField<Float> LR = new RecipeField<>("lr", "RATE",
            "learning rate (onecycle: its peak; step: its start)", OptionText::number,
            Recipe::learningRate, Recipe.Builder::learningRate, Bounds::positive);

    public static final RecipeField<Float> MOMENTUM = new RecipeField<>("momentum", "M",
            "SGD momentum, or Adam's β1", OptionText::number, Recipe::momentum,
            Recipe.Builder::momentum, (name, m) -> between(name, m, 0, 1));

    /** A flag: {@code --nesterov}, {@code --no-nesterov}. See {@link #apply(Recipe, Map)}. */
    public static final RecipeField<Boolean> NESTEROV = new RecipeField<>("nesterov", null,
            "Nesterov momentum (sgd only); --no-nesterov turns it off", OptionText::yesNo,
            Recipe::nesterov, Recipe.Builder::nesterov, (name, on) -> { });

    public static final RecipeField<Float> WEIGHT_DECAY = new RecipeField<>("weight-decay", "WD",
            "L2 penalty (adamw: decoupled weight decay)", OptionText::number,
            Recipe::weightDecay, Recipe.Builder::weightDecay,
            (name, wd) -> between(name, wd, 0, 1));

    public static final RecipeField<Recipe.Schedule> SCHEDULE = new RecipeField<>("schedule",
            "none|step|onecycle", "learning-rate schedule: none, step or onecycle",
            (name, text) -> OptionText.choice(name, text, Recipe.Schedule.class),
            Recipe::schedule, Recipe.Builder::schedule, Bounds::present);

    public static final RecipeField<Integer> STEP_EVERY = new RecipeField<>("step-every",
            "EPOCHS", "step schedule: epochs between two cuts, 0 for a third of the epochs",
            OptionText::whole, Recipe::stepEvery, Recipe.Builder::stepEvery,
            (name, n) -> between(name, n, 0, Recipe.MAX_EPOCHS));

    public static final RecipeField<Float> STEP_GAMMA = new RecipeField<>("step-gamma", "F",
            "step schedule: the factor of each cut", OptionText::number, Recipe::stepGamma,
            Recipe.Builder::stepGamma, (name, gamma) -> {
                // At 0 the first cut would stop training altogether.
                positive(name, gamma);
                between(name, gamma, 0, 1);
            });

    public static final RecipeField<Float> ROTATION = new RecipeField<>("rotation", "DEG",
            "random rotation of each training image, ± degrees", OptionText::number,
            Recipe::rotation, Recipe.Builder::rotation, (name, deg) -> between(name, deg, 0, 180));

    /** Beyond 14 pixels a 28-pixel digit can leave the image altogether. */
    public static final RecipeField<Float> SHIFT = new RecipeField<>("shift", "PX",
            "random translation of each training image, ± pixels", OptionText::number,
            Recipe::shift, Recipe.Builder::shift, (name, px) -> between(name, px, 0, 14));

    public static final RecipeField<Float> LABEL_SMOOTHING = new RecipeField<>("label-smoothing",
            "EPS", "share of each target spread over all classes", OptionText::number,
            Recipe::labelSmoothing, Recipe.Builder::labelSmoothing,
            (name, eps) -> between(name, eps, 0, 1));

    public static final RecipeField<Float> DROPOUT = new RecipeField<>("dropout", "P",
            "dropout probability after each block", OptionText::number, Recipe::dropout,
            Recipe.Builder::dropout, (name, p) -> between(name, p, 0, Recipe.MAX_DROPOUT));

    /** Every field, in the order of train's help. */
    public static final List<RecipeField<?>> ALL = List.of(EPOCHS, BATCH_SIZE, OPTIMIZER, LR,
            MOMENTUM, NESTEROV, WEIGHT_DECAY, SCHEDULE, STEP_EVERY, STEP_GAMMA, ROTATION, SHIFT,
            LABEL_SMOOTHING, DROPOUT);

    /** The fields that change the training images: what a picture of augmentation varies. */
    public static final List<RecipeField<Float>> AUGMENTATION = List.of(ROTATION, SHIFT);

    private final String name;
    private final String paramLabel;
    private final String description;
    private final BiFunction<String, String, T> parse;
    private final Function<Recipe, T> get;
    private final BiConsumer<Recipe.Builder, T> set;
    private final BiConsumer<String, T> rule;

    private RecipeField(String name, String paramLabel, String description,
                        BiFunction<String, String, T> parse, Function<Recipe, T> get,
                        BiConsumer<Recipe.Builder, T> set, BiConsumer<String, T> rule) {
        this.name = name;
        this.paramLabel = paramLabel;
        this.description = description;
        this.parse = parse;
        this.get = get;
        this.set = set;
        this.rule = rule;
    }

    /** "batch-size": the lab's field, and the option without its dashes. */
    public String name() {
        return name;
    }

    /** "--batch-size". */
    public String option() {
        return "--" + name;
    }

    /** What stands for the value in the help ("RATE"); null for a flag. */
    public String paramLabel() {
        return paramLabel;
    }

    public String description() {
        return description;
    }

    /** An option given alone to say true, and with "no-" to say false. */
    public boolean isFlag() {
        return paramLabel == null;
    }

    /** @throws InvalidValueException naming this option, if the text is no value of its kind */
    public T parse(String text) {
        return parse.apply(option(), text);
    }

    public T get(Recipe recipe) {
        return get.apply(recipe);
    }

    /** This field of {@code recipe} as it is typed: what {@link #parse} reads back. */
    public String text(Recipe recipe) {
        return OptionText.of(get(recipe));
    }

    /** The field given as {@code text}, as train's arguments: "--lr", "0.05"; "--no-nesterov". */
    public List<String> arguments(String text) {
        if (isFlag()) {
            return List.of((Boolean) parse(text) ? option() : "--no-" + name);
        }
        return List.of(option(), text);
    }

    /** @throws InvalidValueException naming this option, if the recipe's value breaks its rule */
    void check(Recipe recipe) {
        rule.accept(option(), get(recipe));
    }

    void copy(Recipe from, Recipe.Builder to) {
        set.accept(to, get(from));
    }

    private void set(Recipe.Builder to, String text) {
        set.accept(to, parse(text));
    }

    /** The field of this name ("lr"), if the recipe has one. */
    public static Optional<RecipeField<?>> named(String name) {
        return ALL.stream().filter(f -> f.name.equals(name)).findFirst();
    }

    /**
     * {@code base} with the fields given as text, as train's options and the lab's form give
     * them; the others keep {@code base}'s values.
     *
     * @throws InvalidValueException naming the first field (in the table's order) that is no
     *                               value of its kind or breaks a rule
     */
    public static Recipe apply(Recipe base, Map<RecipeField<?>, String> given) {
        Recipe.Builder builder = base.toBuilder();
        for (RecipeField<?> field : ALL) {
            String text = given.get(field);
            if (text != null) {
                field.set(builder, text);
            }
        }
        Recipe recipe = builder.build();
        // A recipe drops Nesterov beside another optimizer (a model's default is for SGD, and
        // saved runs say true beside adam); asked for by name, it would be dropped without a word.
        String nesterov = given.get(NESTEROV);
        if (nesterov != null && NESTEROV.parse(nesterov)
                && recipe.optimizer() != Recipe.Optimizer.SGD) {
            throw new InvalidValueException(NESTEROV.option(), "only with " + OPTIMIZER.option()
                    + " sgd");
        }
        return recipe;
    }

    /**
     * {@code base} with the options of train's command line in {@code arguments}: "--lr 0.05",
     * "--lr=0.05", "--nesterov", "--no-nesterov". Each option at most once.
     *
     * @throws InvalidValueException naming the option: unknown (the message lists the known
     *                               ones), given twice, without its value, or with a bad one
     */
    public static Recipe apply(Recipe base, List<String> arguments) {
        return apply(base, options(arguments));
    }

    /** The options in {@code arguments}, each with its value as text (a flag's "true"/"false"). */
    private static Map<RecipeField<?>, String> options(List<String> arguments) {
        Map<RecipeField<?>, String> given = new LinkedHashMap<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            int equals = argument.indexOf('=');
            String option = equals < 0 ? argument : argument.substring(0, equals);
            String inline = equals < 0 ? null : argument.substring(equals + 1);
            if (!option.startsWith("--")) {
                throw unknown(argument);
            }
            boolean negated = option.startsWith("--no-");
            RecipeField<?> field = named(option.substring(negated ? 5 : 2))
                    .filter(f -> !negated || f.isFlag()).orElseThrow(() -> unknown(option));
            String text;
            if (field.isFlag()) {
                if (inline != null) {
                    throw new InvalidValueException(option, "takes no value; "
                            + field.option() + " or --no-" + field.name);
                }
                text = String.valueOf(!negated);
            } else if (inline != null) {
                text = inline;
            } else if (i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("--")) {
                text = arguments.get(++i);
            } else {
                throw new InvalidValueException(option, "missing value (" + field.paramLabel
                        + ")");
            }
            if (given.put(field, text) != null) {
                throw new InvalidValueException(field.option(), "given twice");
            }
        }
        return given;
    }

    private static InvalidValueException unknown(String argument) {
        return new InvalidValueException(argument, (argument.startsWith("--")
                ? "unknown option" : "expected an option") + "; a recipe's options are "
                + ALL.stream().map(f -> f.isFlag() ? "--[no-]" + f.name : f.option())
                        .collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return option();
    }
}
