package backproplab.lab;

import backproplab.InvalidInputException;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.Recipe;
import backproplab.data.MnistFiles;
import backproplab.training.TrainSettings;
import backproplab.training.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The train form of the runs page: its fields are {@code train}'s options, named as on the command
 * line without the dashes. An empty field keeps the model's recipe, as an option left out does;
 * {@link Recipe} and {@link TrainSettings} then check everything, exactly as for the CLI, and a
 * failure is tied to the field its option names. Every wrong field is named at once, not only the
 * first the rules meet, the limit and the holdout against the data folder's images included.
 */
final class TrainForm {

    /** The recipe's fields, each with how it sets its value on a recipe builder. */
    private static final Map<String, BiConsumer<Recipe.Builder, String>> RECIPE = recipeFields();
    /** The run's fields beyond the recipe. */
    static final List<String> RUN = List.of("model", "seed", "limit", "holdout");
    static final List<String> FIELDS = java.util.stream.Stream.concat(RUN.stream(),
            RECIPE.keySet().stream()).toList();
    private static final Pattern OPTION = Pattern.compile("^--([a-z-]+): ");
    private static final Pattern ANY_OPTION = Pattern.compile("--([a-z-]+)");

    private TrainForm() {}

    /**
     * The settings the fields describe; {@code dataDir} and {@code threads} are the server's.
     *
     * @throws InvalidFieldsException naming every field that is wrong by itself
     */
    static TrainSettings read(Map<String, String> fields, String dataDir, int threads) {
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new BadRequestException("unknown field '" + name + "'; known: " + FIELDS);
            }
        }
        String modelName = given(fields, "model");
        ModelFile model;
        try {
            model = modelName == null ? Models.DEFAULT : Models.builtIn(modelName, "model");
        } catch (InvalidInputException e) {
            throw new InvalidFieldException("model", e.getMessage());
        }
        // Nearly every rule is about one value: each field checked alone on the model's recipe
        // finds all the wrong ones, for the cost of a few records.
        List<InvalidFieldException> wrong = new ArrayList<>();
        for (String name : FIELDS) {
            String value = given(fields, name);
            if (value != null && !name.equals("model")) {
                try {
                    settings(model, Map.of(name, value), dataDir, threads);
                } catch (InvalidFieldException e) {
                    wrong.add(e);
                }
            }
        }
        imageCounts(model, fields, dataDir, threads, wrong);
        if (!wrong.isEmpty()) {
            wrong.sort(Comparator.comparingInt(e -> FIELDS.indexOf(e.field())));
            throw new InvalidFieldsException(wrong);
        }
        return settings(model, fields, dataDir, threads);
    }

    /**
     * The rules across fields, added to {@code wrong}: the limit within the data folder's
     * training images, and the holdout within the images the limit leaves, as the training
     * checks them when it loads the data. The holdout depends on the limit: against a limit that
     * is itself wrong it is checked against all the folder's images (wrong then whatever the
     * limit), so its message comes with the limit's, not after the limit is put right. A field
     * already wrong by itself keeps that one message. A data folder whose training images cannot
     * be read is left to the training, which says why.
     */
    private static void imageCounts(ModelFile model, Map<String, String> fields, String dataDir,
                                    int threads, List<InvalidFieldException> wrong) {
        int available;
        try {
            available = MnistFiles.trainingImages(Path.of(dataDir));
        } catch (InvalidInputException e) {
            return;
        }
        boolean limitWrong = wrong.stream().anyMatch(e -> e.field().equals("limit"));
        int limit = limitWrong ? 0 : (int) whole(fields, "limit", 0);
        if (limit > 0) {
            try {
                TrainingRun.checkLimit(limit, available, dataDir);
            } catch (InvalidInputException e) {
                wrong.add(tied("limit", e));
                limitWrong = true;
            }
        }
        String holdout = given(fields, "holdout");
        if (holdout == null || wrong.stream().anyMatch(e -> e.field().equals("holdout"))) {
            return;
        }
        try {
            if (limit > 0 && !limitWrong) {
                // The holdout against the limit: TrainSettings' own rule, as for the CLI.
                settings(model, Map.of("limit", String.valueOf(limit), "holdout", holdout),
                        dataDir, threads);
            } else {
                TrainingRun.checkHoldout(Integer.parseInt(holdout), available);
            }
        } catch (InvalidFieldException e) {
            wrong.add(e);
        } catch (InvalidInputException e) {
            wrong.add(tied("holdout", e));
        }
    }

    private static InvalidFieldException tied(String field, InvalidInputException e) {
        return asFieldError(e) instanceof InvalidFieldException f ? f
                : new InvalidFieldException(field, e.getMessage());
    }

    private static TrainSettings settings(ModelFile model, Map<String, String> fields, String dataDir,
                                          int threads) {
        Recipe.Builder recipe = model.recipe().toBuilder();
        RECIPE.forEach((name, set) -> {
            String value = given(fields, name);
            if (value != null) {
                set.accept(recipe, value);
            }
        });
        try {
            return new TrainSettings(model, recipe.build(),
                    whole(fields, "seed", TrainSettings.DEFAULT_SEED), threads, dataDir,
                    (int) whole(fields, "limit", 0), (int) whole(fields, "holdout", 0));
        } catch (InvalidInputException e) {
            throw asFieldError(e);
        }
    }

    /** The command line that trains the same run, for command.txt. */
    static String command(Map<String, String> fields, String out) {
        StringBuilder line = new StringBuilder("backprop-lab train");
        for (String name : FIELDS) {
            String value = given(fields, name);
            if (value == null) {
                continue;
            }
            if (name.equals("nesterov")) {
                line.append(Boolean.parseBoolean(value) ? " --nesterov" : " --no-nesterov");
            } else {
                line.append(" --").append(name).append(' ').append(value);
            }
        }
        return line.append(" --out ").append(out).toString();
    }

    /**
     * A rule's message names its option ("--lr: ..."): the page shows it beside that field, in
     * the page's words: its fields are the options without their dashes ("lr: ...").
     */
    static InvalidInputException asFieldError(InvalidInputException e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = OPTION.matcher(message);
        if (!m.find() || !FIELDS.contains(m.group(1))) {
            return e;
        }
        return new InvalidFieldException(m.group(1), ANY_OPTION.matcher(message).replaceAll(
                o -> FIELDS.contains(o.group(1)) ? o.group(1) : o.group()));
    }

    private static Map<String, BiConsumer<Recipe.Builder, String>> recipeFields() {
        Map<String, BiConsumer<Recipe.Builder, String>> f = new LinkedHashMap<>();
        f.put("epochs", (b, v) -> b.epochs((int) whole("epochs", v)));
        f.put("batch-size", (b, v) -> b.batchSize((int) whole("batch-size", v)));
        f.put("optimizer", (b, v) -> b.optimizer(choice("optimizer", v, Recipe.Optimizer.class)));
        f.put("lr", (b, v) -> b.learningRate(number("lr", v)));
        f.put("momentum", (b, v) -> b.momentum(number("momentum", v)));
        f.put("nesterov", (b, v) -> b.nesterov(yesNo("nesterov", v)));
        f.put("weight-decay", (b, v) -> b.weightDecay(number("weight-decay", v)));
        f.put("schedule", (b, v) -> b.schedule(choice("schedule", v, Recipe.Schedule.class)));
        f.put("step-every", (b, v) -> b.stepEvery((int) whole("step-every", v)));
        f.put("step-gamma", (b, v) -> b.stepGamma(number("step-gamma", v)));
        f.put("rotation", (b, v) -> b.rotation(number("rotation", v)));
        f.put("shift", (b, v) -> b.shift(number("shift", v)));
        f.put("label-smoothing", (b, v) -> b.labelSmoothing(number("label-smoothing", v)));
        f.put("dropout", (b, v) -> b.dropout(number("dropout", v)));
        return f;
    }

    /** The recipe of a model as the form's fields: what an empty field means. */
    static Map<String, String> defaults(ModelFile model) {
        Recipe r = model.recipe();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("epochs", Integer.toString(r.epochs()));
        f.put("batch-size", Integer.toString(r.batchSize()));
        f.put("optimizer", r.optimizer().name().toLowerCase(Locale.ROOT));
        f.put("lr", Float.toString(r.learningRate()));
        f.put("momentum", Float.toString(r.momentum()));
        f.put("nesterov", Boolean.toString(r.nesterov()));
        f.put("weight-decay", Float.toString(r.weightDecay()));
        f.put("schedule", r.schedule().name().toLowerCase(Locale.ROOT));
        f.put("step-every", Integer.toString(r.stepEvery()));
        f.put("step-gamma", Float.toString(r.stepGamma()));
        f.put("rotation", Float.toString(r.rotation()));
        f.put("shift", Float.toString(r.shift()));
        f.put("label-smoothing", Float.toString(r.labelSmoothing()));
        f.put("dropout", Float.toString(r.dropout()));
        f.put("seed", Long.toString(TrainSettings.DEFAULT_SEED));
        f.put("limit", "0");
        f.put("holdout", "0");
        return f;
    }

    private static String given(Map<String, String> fields, String name) {
        String v = fields.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static long whole(Map<String, String> fields, String name, long fallback) {
        String v = given(fields, name);
        return v == null ? fallback : whole(name, v);
    }

    private static long whole(String name, String v) {
        try {
            long n = Long.parseLong(v);
            if (!name.equals("seed") && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(name, name + ": expected a whole number, got '"
                    + v + "'");
        }
    }

    private static float number(String name, String v) {
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(name, name + ": expected a number, got '" + v
                    + "'");
        }
    }

    private static boolean yesNo(String name, String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new InvalidFieldException(name, name + ": expected true or false, got '" + v
                + "'");
    }

    private static <E extends Enum<E>> E choice(String name, String v, Class<E> type) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(name, name + ": expected one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + v + "'");
        }
    }
}
