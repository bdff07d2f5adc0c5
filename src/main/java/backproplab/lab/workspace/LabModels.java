package backproplab.lab.workspace;

import backproplab.InvalidInputException;
import backproplab.console.ShownPath;
import backproplab.lab.http.BadRequestException;
import backproplab.lab.http.NotFoundException;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.python.PythonModels;
import backproplab.report.AtomicFiles;
import backproplab.training.RunField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models the lab trains: the built-in ones, and the learner's model files in the models
 * folder beside the runs folder ({@code models/my-net.txt} beside {@code runs/}), and each model
 * class of a {@code .py} file or notebook there ({@code models/s6.ipynb} gives {@code
 * s6.ipynb:Net1}, {@code s6.ipynb:Net2}, ...). A file is named by its file name, so the form can
 * never reach outside that folder.
 */
public final class LabModels {

    /** A model file's name in the folder: no path, no hidden files. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*\\.txt");
    /** A class of a Python file or notebook of the folder: the file's name, then :ClassName. */
    private static final Pattern CLASS = Pattern.compile(
            "([A-Za-z0-9_][A-Za-z0-9._-]*\\.(?:py|ipynb))(?::([A-Za-z_][A-Za-z0-9_]*))?");
    /** Listed at most: a folder of thousands of files would make a form no one can use. */
    private static final int LISTED = 200;

    private final Path folder;

    public LabModels(Path runs) {
        this.folder = runs.toAbsolutePath().normalize().resolveSibling("models");
    }

    public Path folder() {
        return folder;
    }

    /** A built-in model by its name, or a model file of the folder by its file name. */
    public ModelFile resolve(String id) {
        Matcher python = CLASS.matcher(id);
        if (!Models.isBuiltIn(id) && python.matches()) {
            Path file = folder.resolve(python.group(1));
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("model: no file " + python.group(1) + " in "
                        + folder);
            }
            return PythonModels.read(file, python.group(1), python.group(2));
        }
        if (Models.isBuiltIn(id) || !FILE_NAME.matcher(id).matches()) {
            return Models.builtIn(id, "model");
        }
        Path file = file(id);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("model: no model file " + id + " in " + folder);
        }
        return ModelFile.read(file, id);
    }

    /**
     * The text of a built-in model or of a model file of the folder, as written; of a class, the
     * class with the constants it reads, as a run keeps it (a notebook is not a model's text).
     */
    public String text(String id) {
        if (Models.isBuiltIn(id)) {
            return Models.builtIn(id).text();
        }
        if (CLASS.matcher(id).matches()) {
            try {
                return resolve(id).text();
            } catch (InvalidInputException e) {
                if (!Files.isRegularFile(folder.resolve(CLASS.matcher(id).replaceFirst("$1")))) {
                    throw new NotFoundException(e.getMessage().replaceFirst("^model: ", ""));
                }
                throw new BadRequestException(e.getMessage());
            }
        }
        Path file = file(id);
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("no model file " + id + " in " + folder);
        }
        try {
            ModelFile.requireWithinSize(Files.size(file), id);
            return Files.readString(file);
        } catch (InvalidInputException e) {
            throw new BadRequestException(e.getMessage());
        } catch (IOException e) {
            throw new BadRequestException(id + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Saves {@code text} as the model file {@code id} of the folder, even a draft that is not a
     * model yet: the learner's work is kept as typed. A built-in model's name is refused.
     */
    public void save(String id, String text) throws IOException {
        if (Models.isBuiltIn(id.replaceFirst("\\.txt$", ""))) {
            throw new BadRequestException(id + ": a built-in model's name; save under another");
        }
        try {
            ModelFile.requireWithinSize(text.getBytes(StandardCharsets.UTF_8).length, "text");
        } catch (InvalidInputException e) {
            throw new BadRequestException(e.getMessage());
        }
        Path file = file(id);
        Files.createDirectories(folder);
        AtomicFiles.writeString(file, text);
    }

    /** Whether the folder holds a model file {@code id} (a name it may hold; else refused). */
    public boolean exists(String id) {
        return Files.exists(file(id));
    }

    /** A model file of the folder, by a name that cannot leave it. */
    private Path file(String id) {
        if (!FILE_NAME.matcher(id).matches()) {
            throw new BadRequestException("model file name: letters, digits, . _ - and .txt at"
                    + " the end, got '" + id + "'");
        }
        return folder.resolve(id);
    }

    /**
     * The fields with the model as {@code train --model} takes it, for the run's command.txt: a
     * file of the folder by its path from the working folder.
     */
    public Map<String, String> asOption(Map<String, String> fields) {
        String id = fields.get("model");
        if (id == null || id.isBlank() || Models.isBuiltIn(id)) {
            return fields;
        }
        Map<String, String> option = new LinkedHashMap<>(fields);
        Matcher python = CLASS.matcher(id);
        // The class after the path, as --model takes it: a path cannot hold ':' on Windows.
        option.put("model", python.matches() ? ShownPath.of(folder.resolve(python.group(1)))
                + (python.group(2) == null ? "" : ":" + python.group(2))
                : ShownPath.of(folder.resolve(id)).toString());
        return option;
    }

    /**
     * Each model with its description and its recipe as the form's fields: the built-in ones
     * first ({@code train}'s default marked, the form starts with it), then the folder's files;
     * a file that is not a model is listed with what is wrong, so the learner sees why.
     */
    public List<Map<String, Object>> form() {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelFile m : Models.builtIn()) {
            models.add(entry(m.name(), m, m == Models.DEFAULT));
        }
        for (String name : files()) {
            for (String id : ids(name)) {
                try {
                    models.add(entry(id, resolve(id), false));
                } catch (InvalidInputException e) {
                    models.add(Map.of("id", id, "description", e.getMessage(), "error",
                            e.getMessage(), "default", false, "fields", Map.of()));
                }
            }
        }
        return models;
    }

    /**
     * The models of a file of the folder: a model file is one; a Python file or notebook is
     * each of its classes, {@code net.py:Net}, or the file itself when it has none or cannot be
     * read, so that its error shows.
     */
    private List<String> ids(String name) {
        if (!CLASS.matcher(name).matches()) {
            return List.of(name);
        }
        try {
            List<String> classes = PythonModels.classes(folder.resolve(name), name);
            return classes.isEmpty() ? List.of(name)
                    : classes.stream().map(c -> name + ":" + c).toList();
        } catch (InvalidInputException e) {
            return List.of(name);
        }
    }

    private static Map<String, Object> entry(String id, ModelFile m, boolean isDefault) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("description", m.description());
        entry.put("parameters", m.architecture().parameters());
        entry.put("default", isDefault);
        entry.put("fields", TrainForm.defaults(m));
        entry.put("main", RunField.MAIN);
        return entry;
    }

    private List<String> files() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> FILE_NAME.matcher(n).matches() || CLASS.matcher(n).matches())
                    .sorted().limit(LISTED).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
