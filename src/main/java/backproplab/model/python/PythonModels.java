package backproplab.model.python;

import backproplab.InvalidInputException;
import backproplab.model.Architecture;
import backproplab.model.LayerProblem;
import backproplab.model.ModelFile;
import backproplab.model.Module;
import backproplab.model.PyTorchClass;
import backproplab.model.python.ModuleClasses.ClassDef;
import backproplab.model.python.ModuleClasses.Constant;
import backproplab.model.python.ModuleClasses.Method;
import backproplab.model.python.PythonLines.Line;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A learner's model as PyTorch code: a {@code class Net(nn.Module)} in a {@code .py} file or a
 * Jupyter notebook, read without running any Python into the same {@link ModelFile} a model
 * file is. {@code --model FILE} takes the file's one model class, {@code --model FILE:Net2} the
 * class named. The {@link ModelFile#text()} a run keeps is the class itself with the constants
 * it uses, so the run outlives the notebook and reads back the same.
 */
public final class PythonModels {

    /** A notebook keeps its outputs (plots as images): far larger than its code. */
    static final long MAX_NOTEBOOK_BYTES = 64L * 1024 * 1024;

    private static final Pattern GIVEN = Pattern.compile(
            "(?s)(.*\\.(?i:py|ipynb))(?::([A-Za-z_][A-Za-z0-9_]*))?");

    /** The first line of the text a run keeps ({@link #text}): what it was read from. */
    private static final Pattern KEPT = Pattern.compile(
            "# (class \\w+ of .*), as backprop-lab read it\\r?\\n");

    private PythonModels() {}

    /** Whether {@code --model} names Python: {@code model.py}, {@code net.ipynb:Net2}. */
    public static boolean isPython(String given) {
        return GIVEN.matcher(given).matches();
    }

    /** Whether a run's model text is a class this reads (a model file never holds one). */
    public static boolean isClass(String text) {
        return text.lines().anyMatch(l -> l.matches("class\\s+\\w+\\s*\\(.*\\)\\s*:.*"));
    }

    /** The model class {@code given} names, {@code FILE} or {@code FILE:ClassName}. */
    public static ModelFile read(String given) {
        Matcher m = GIVEN.matcher(given);
        if (!m.matches()) {
            throw new IllegalArgumentException(given);
        }
        return read(Path.of(m.group(1)), m.group(1), m.group(2));
    }

    /**
     * The class {@code wanted} of a {@code .py} file or notebook, or its one class when
     * {@code wanted} is null; every error begins with {@code shown}.
     */
    public static ModelFile read(Path file, String shown, String wanted) {
        return model(source(file, shown), ModelFile.nameOf(file), wanted, true);
    }

    /** The names of the model classes of a {@code .py} file or notebook, as written. */
    public static List<String> classes(Path file, String shown) {
        PythonSource source = source(file, shown);
        return ModuleClasses.read(lines(source)).classes().stream().map(ClassDef::name).toList();
    }

    private static List<Line> lines(PythonSource source) {
        try {
            return PythonLines.read(source.code());
        } catch (PythonLines.Unclosed u) {
            throw source.problem(u.open.line(), u.open.column(), null, u.getMessage());
        }
    }

    private static PythonSource source(Path file, String shown) {
        boolean notebook = file.getFileName().toString().toLowerCase(Locale.ROOT)
                .endsWith(".ipynb");
        String text;
        try {
            long size = Files.size(file);
            long limit = notebook ? MAX_NOTEBOOK_BYTES : ModelFile.MAX_BYTES;
            if (size > limit) {
                throw new InvalidInputException(shown + ": " + String.format(Locale.ROOT, "%,d",
                        size) + " bytes; a " + (notebook ? "notebook" : "model's Python file")
                        + " is at most " + limit / 1024 + " KB here");
            }
            text = ModelFile.decode(Files.readAllBytes(file), shown);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(shown + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(shown + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        return notebook ? PythonSource.notebook(NotebookCells.read(text, shown), shown)
                : PythonSource.file(text, shown);
    }

    /** A class a run kept ({@link #isClass}): the one class of {@code text}. */
    public static ModelFile parse(String shown, String name, String text) {
        return model(PythonSource.file(text, shown), name, null, false);
    }

    /** {@code file}: read from a file {@code --model} names, not from a text (a run's, typed). */
    private static ModelFile model(PythonSource source, String stem, String wanted,
                                   boolean file) {
        String shown = source.shown();
        List<Line> lines = lines(source);
        ModuleClasses module = ModuleClasses.read(lines);
        List<String> names = module.classes().stream().map(ClassDef::name).toList();
        if (names.isEmpty()) {
            throw new InvalidInputException(shown + ": no model class here (class"
                    + " Net(nn.Module): with __init__ and forward)");
        }
        ClassDef chosen = null;
        for (ClassDef c : module.classes()) {
            chosen = c.name().equals(wanted) ? c : chosen;
        }
        if (wanted != null && chosen == null) {
            throw new InvalidInputException(shown + ": no class " + wanted + "; its model classes: "
                    + String.join(", ", names));
        }
        if (wanted == null && names.size() > 1) {
            throw new InvalidInputException(shown + " holds " + names.size() + " model classes, "
                    + String.join(", ", names) + (file ? ": pick one, e.g. --model " + shown
                    + ":" + names.get(names.size() - 1) : ": a model's text holds one; remove"
                    + " the others"));
        }
        chosen = chosen != null ? chosen : module.classes().get(0);
        String name = names.size() > 1 ? ModelFile.nameOf(Path.of(stem + "-" + chosen.name()
                + ".py")) : stem;
        return model(source, module, chosen, name);
    }

    private static ModelFile model(PythonSource source, ModuleClasses module, ClassDef c,
                                   String name) {
        Line header = c.header();
        Method init = c.methods().get("__init__");
        Method forward = c.methods().get("forward");
        if (init == null || forward == null) {
            throw source.problem(header.number(), header.first().column(), null, "class "
                    + c.name() + " has no " + (init == null ? "__init__" : "forward")
                    + "; a model class defines its layers in __init__ and applies them in"
                    + " forward");
        }
        Map<String, Object> constants = new LinkedHashMap<>();
        Function<String, Object> globals = globals(module.constants(), header.number(),
                constants);
        InitReader.Layers layers = InitReader.read(init, c.attributes(), source, globals);
        Architecture.Builder arch = Architecture.mnist(name);
        ForwardChain.Chain chain = ForwardChain.read(forward, source, layers,
                InitReader.scope(layers, globals), arch);
        List<ModelFile.Entry> entries = new ArrayList<>(chain.entries());
        List<String> keys = new ArrayList<>(chain.keys());
        if (entries.isEmpty()) {
            throw source.problem(forward.header().number(), forward.header().first().column(),
                    null, "forward applies no layer");
        }
        ModelFile.Entry last = entries.get(entries.size() - 1);
        if (!(last.module() instanceof Module.LogSoftmax)) {
            // Raw scores are what nn.CrossEntropyLoss takes: it is log_softmax, then the NLL
            // loss, so training the chain with log_softmax added is the same computation.
            var returned = chain.returned();
            try {
                arch.add(new Module.LogSoftmax());
            } catch (LayerProblem p) {
                throw source.problem(returned.line(), returned.column(), null, "forward returns "
                        + arch.shape() + " per image; a classifier returns 10 scores: end"
                        + " with x.view(x.size(0), -1)");
            }
            entries.add(new ModelFile.Entry(new Module.LogSoftmax(), last.stage(),
                    source.line(returned.line()), returned.column(),
                    "log_softmax of cross_entropy (forward returns raw scores)"));
            keys.add(null);
        }
        List<InitReader.Layer> unusedLayers = new ArrayList<>();
        for (InitReader.Layer layer : layers.attributes().values()) {
            unused(layer, chain.used(), unusedLayers);
        }
        List<Module> unused = new ArrayList<>();
        List<String> unusedKeys = new ArrayList<>();
        for (InitReader.Layer u : unusedLayers) {
            unused.add(u.module());
            unusedKeys.add(u.key());
            arch.unused(u.module());
            // Never applied, but its weights are the model's: within the same limits.
            ModelFile.checkSize(source.file(u.line()), new ModelFile.Entry(u.module(), "",
                    source.line(u.line()), u.column(), u.written()), arch);
        }
        // A kept class reads back as it was kept, its first line saying where it came from.
        Matcher kept = KEPT.matcher(source.code());
        String text = kept.lookingAt() ? source.code() : text(source, c, constants);
        String description = kept.lookingAt() ? kept.group(1)
                : "class " + c.name() + " of " + source.shown();
        return ModelFile.of(name, description, text, entries, unused,
                new PyTorchClass(c.name(), keys, unusedKeys), arch, source.file(header.number()));
    }

    /** The layers of {@code layer} forward never applies that PyTorch counts parameters of. */
    private static void unused(InitReader.Layer layer, Set<String> used,
                               List<InitReader.Layer> unused) {
        if (layer.module() == null) {
            for (InitReader.Layer child : layer.children()) {
                unused(child, used.contains(layer.key()) ? Set.of(child.key()) : used, unused);
            }
        } else if (!used.contains(layer.key()) && (layer.module().parameters(null) > 0
                || layer.module().runningStats(null) > 0)) {
            unused.add(layer);
        }
    }

    /**
     * The module's constants as the class sees them: a name's last assignment above the class,
     * else its first below (a notebook may set it in a later cell, run before the model is
     * made). {@code used} collects those read, for the text a run keeps.
     */
    private static Function<String, Object> globals(List<Constant> constants, int classLine,
                                                    Map<String, Object> used) {
        Map<String, Object> memo = new HashMap<>();
        Set<String> reading = new HashSet<>();
        return new Function<>() {
            @Override
            public Object apply(String name) {
                if (memo.containsKey(name)) {
                    used.put(name, memo.get(name));
                    return memo.get(name);
                }
                Constant chosen = null;
                for (Constant k : constants) {
                    if (k.name().equals(name) && (k.line() < classLine || chosen == null)) {
                        chosen = k.line() < classLine || chosen == null ? k : chosen;
                    }
                }
                if (chosen == null || !reading.add(name)) {
                    return PythonValues.UNKNOWN;
                }
                Object value;
                try {
                    value = PythonValues.value(chosen.value(), e -> {
                        String dotted = PythonExpr.dotted(e);
                        return dotted == null ? PythonValues.UNKNOWN : apply(dotted);
                    });
                } catch (PythonExpr.SyntaxProblem notAValue) {
                    value = PythonValues.UNKNOWN;
                }
                reading.remove(name);
                memo.put(name, value);
                if (value != PythonValues.UNKNOWN) {
                    used.put(name, value);
                }
                return value;
            }
        };
    }

    /** The class as written, after the imports it needs and the constants it reads. */
    private static String text(PythonSource source, ClassDef c, Map<String, Object> constants) {
        StringBuilder s = new StringBuilder();
        s.append("# class ").append(c.name()).append(" of ").append(source.shown())
                .append(", as backprop-lab read it\n");
        s.append("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n");
        for (Map.Entry<String, Object> k : constants.entrySet()) {
            if (k.getValue() != PythonValues.UNKNOWN) {
                s.append(k.getKey()).append(" = ").append(PythonValues.python(k.getValue()))
                        .append('\n');
            }
        }
        int start = c.header().first().start();
        int end = c.last().last().end();
        s.append(constants.isEmpty() ? "" : "\n\n").append(source.code(), start, end)
                .append('\n');
        return s.toString();
    }
}
