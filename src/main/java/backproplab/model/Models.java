package backproplab.model;

import backproplab.InvalidInputException;
import backproplab.model.python.PythonModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The models backprop-lab ships, each a model file in the jar ({@code /models/NAME.txt}) read by
 * the same parser as a learner's, and the one way a name or a path becomes a model.
 */
public final class Models {

    /** In the order every list shows them. */
    private static final List<String> BUILT_IN = List.of("s6", "lean", "tiny", "fast");

    private static final List<ModelFile> ALL = BUILT_IN.stream().map(Models::load).toList();

    public static final ModelFile S6 = builtIn("s6");
    public static final ModelFile LEAN = builtIn("lean");
    public static final ModelFile TINY = builtIn("tiny");
    public static final ModelFile FAST = builtIn("fast");

    /** What {@code train}, {@code summary} and the lab's form take when no model is named. */
    public static final ModelFile DEFAULT = LEAN;

    private Models() {}

    public static List<ModelFile> builtIn() {
        return ALL;
    }

    public static boolean isBuiltIn(String name) {
        return BUILT_IN.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The built-in model {@code name}, as an earlier run's settings or checkpoint name it. */
    public static ModelFile builtIn(String name) {
        return builtIn(name, "model");
    }

    /** The built-in model {@code name}, an error naming {@code option} if there is none. */
    public static ModelFile builtIn(String name, String option) {
        for (ModelFile m : ALL) {
            if (m.name().equals(name.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new InvalidInputException(option + ": unknown model '" + name + "'; known models: "
                + names() + ", or a model file");
    }

    /**
     * What {@code --model} names: a built-in model, or else a model file. A bare word that names
     * neither is most likely a mistyped built-in, and is said so.
     */
    public static ModelFile resolve(String given, String option) {
        if (isBuiltIn(given)) {
            return builtIn(given, option);
        }
        if (!given.contains("/") && !given.contains(".") && !Path.of(given).toFile().exists()) {
            throw new InvalidInputException(option + ": unknown model '" + given
                    + "'; known models: " + names() + ", or a model file (see README)");
        }
        try {
            return PythonModels.isPython(given) ? PythonModels.read(given)
                    : ModelFile.read(Path.of(given), given);
        } catch (ModelFileException e) {
            throw e;
        } catch (InvalidInputException e) {
            throw new InvalidInputException(option + ": " + e.getMessage(), e);
        }
    }

    /**
     * The model a run or checkpoint saved: its file's text when it kept one, else (written
     * before models were files) the built-in model it names.
     */
    public static ModelFile saved(String name, String text, String source) {
        if (text == null) {
            return builtIn(name);
        }
        return ModelFile.parse(source, name, text);
    }

    public static String names() {
        return String.join(", ", BUILT_IN);
    }

    /**
     * For {@code models --export}: the file a built-in model is, as written; or a class of a
     * {@code .py} file or notebook as a run keeps it, on its own with the constants it reads
     * (a notebook's model as a file of its own, which {@code --model} reads back).
     */
    public static String text(String name) {
        return PythonModels.isPython(name) ? resolve(name, "--export").text()
                : builtIn(name, "models --export").text();
    }

    private static ModelFile load(String name) {
        String resource = "/models/" + name + ".txt";
        try (InputStream in = Models.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return ModelFile.parse(name + ".txt", name,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
