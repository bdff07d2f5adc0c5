package backproplab.lab.workspace;

import backproplab.InvalidInputException;
import backproplab.InvalidValueException;
import backproplab.data.MnistFiles;
import backproplab.lab.http.BadRequestException;
import backproplab.lab.http.InvalidFieldException;
import backproplab.lab.http.InvalidFieldsException;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.RecipeField;
import backproplab.training.RunField;
import backproplab.training.TrainSettings;
import backproplab.training.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The train form of the runs page: its fields are {@code train}'s options, named as on the command
 * line without the dashes. An empty field keeps the model's recipe, as an option left out does;
 * {@link RecipeField} and {@link TrainSettings} then read and check everything, exactly as for the
 * CLI, and a failure is tied to the field its option names. Every wrong field is named at once,
 * not only the first the rules meet, the limit and the holdout against the data folder's images
 * included.
 */
public final class TrainForm {

    /** The run's fields beyond the recipe: the model, then the run's table. */
    static final List<String> RUN = Stream.concat(Stream.of("model"),
            RunField.ALL.stream().map(RunField::name)).toList();
    static final List<String> FIELDS = Stream.concat(RUN.stream(),
            RecipeField.ALL.stream().map(RecipeField::name)).toList();

    private TrainForm() {}

    /**
     * The settings the fields describe; {@code dataDir} and {@code threads} are the server's.
     *
     * @throws InvalidFieldsException naming every field that is wrong by itself
     */
    public static TrainSettings read(Map<String, String> fields, Function<String, ModelFile> models,
                              String dataDir, int threads) {
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new BadRequestException("unknown field '" + name + "'; known: " + FIELDS);
            }
        }
        String modelName = given(fields, "model");
        if (modelName == null && fields.containsKey("model")) {
            // Sent empty (a form whose list did not load): not a wish for the default model.
            throw new InvalidFieldException("model", "model: choose one of the models");
        }
        ModelFile model;
        try {
            model = modelName == null ? Models.DEFAULT : models.apply(modelName);
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
        imageCounts(fields, dataDir, wrong);
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
    private static void imageCounts(Map<String, String> fields, String dataDir,
                                    List<InvalidFieldException> wrong) {
        int available;
        try {
            available = MnistFiles.trainingImages(Path.of(dataDir));
        } catch (InvalidInputException e) {
            return;
        }
        boolean limitWrong = wrong.stream().anyMatch(e -> e.field().equals("limit"));
        int limit = limitWrong ? 0 : (int) run(fields, RunField.LIMIT);
        if (limit > 0) {
            try {
                TrainingRun.checkLimit(limit, available, dataDir);
            } catch (InvalidInputException e) {
                wrong.add(tied("limit", e));
                limitWrong = true;
            }
        }
        if (given(fields, RunField.HOLDOUT.name()) == null
                || wrong.stream().anyMatch(e -> e.field().equals("holdout"))) {
            return;
        }
        try {
            // TrainSettings' own rule, as for the CLI: against the limit, else the folder's images.
            boolean ofLimit = limit > 0 && !limitWrong;
            TrainSettings.checkHoldout((int) run(fields, RunField.HOLDOUT),
                    ofLimit ? limit : available, ofLimit);
        } catch (InvalidInputException e) {
            wrong.add(tied("holdout", e));
        }
    }

    private static InvalidFieldException tied(String field, InvalidInputException e) {
        return asFieldError(e) instanceof InvalidFieldException f ? f
                : new InvalidFieldException(field, e.getMessage());
    }

    private static TrainSettings settings(ModelFile model, Map<String, String> fields,
                                          String dataDir, int threads) {
        Map<RecipeField<?>, String> recipe = new LinkedHashMap<>();
        for (RecipeField<?> field : RecipeField.ALL) {
            String value = given(fields, field.name());
            if (value != null) {
                recipe.put(field, value);
            }
        }
        try {
            return new TrainSettings(model, RecipeField.apply(model.recipe(), recipe),
                    run(fields, RunField.SEED), threads, dataDir,
                    (int) run(fields, RunField.LIMIT), (int) run(fields, RunField.HOLDOUT));
        } catch (InvalidInputException e) {
            throw asFieldError(e);
        }
    }

    /** The command line that trains the same run, for command.txt. */
    public static String command(Map<String, String> fields, String out) {
        StringBuilder line = new StringBuilder("backprop-lab train");
        for (String name : FIELDS) {
            String value = given(fields, name);
            if (value != null) {
                List<String> arguments = RecipeField.named(name).map(f -> f.arguments(value))
                        .orElse(List.of("--" + name, value));
                line.append(' ').append(String.join(" ", arguments));
            }
        }
        return line.append(" --out ").append(out).toString();
    }

    /**
     * A rule's failure, tied to the field of the option it names; the page's fields are the
     * options without their dashes. Any other failure as it is.
     */
    public static InvalidInputException asFieldError(InvalidInputException e) {
        if (e instanceof InvalidValueException v && v.name().startsWith("--")
                && FIELDS.contains(v.name().substring(2))) {
            String field = v.name().substring(2);
            return new InvalidFieldException(field, field + ": " + inPageWords(v.problem()));
        }
        return e;
    }

    /** A problem that names other options ("of --limit"), in the page's words ("of limit"). */
    private static String inPageWords(String problem) {
        String words = problem;
        for (String field : FIELDS) {
            words = words.replace("--" + field, field);
        }
        return words;
    }

    /** The recipe of a model as the form's fields: what an empty field means. */
    public static Map<String, String> defaults(ModelFile model) {
        Map<String, String> f = new LinkedHashMap<>();
        for (RecipeField<?> field : RecipeField.ALL) {
            f.put(field.name(), field.text(model.recipe()));
        }
        for (RunField field : RunField.ALL) {
            f.put(field.name(), field.defaultText());
        }
        return f;
    }

    private static String given(Map<String, String> fields, String name) {
        String v = fields.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The run's field as given, else its default. */
    private static long run(Map<String, String> fields, RunField field) {
        return field.parse(given(fields, field.name()));
    }
}
