package backproplab.model;

import backproplab.InvalidInputException;
import backproplab.InvalidValueException;
import backproplab.model.python.PythonModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model as a learner writes it: the body of a PyTorch {@code nn.Sequential(...)}, one layer per
 * line, with comments naming the stages, and optionally its recipe as {@code train}'s options:
 *
 * <pre>
 * ## my-net: what this model tries (lines of ## are notes)
 * # Block 1: edges and gradients          (a # line names the stage of the layers below it)
 * nn.Conv2d(1, 8, 3, bias=False),
 * nn.ReLU(),
 * ...
 * --epochs 15 --lr 0.05                   (lines of -- are the recipe)
 * </pre>
 *
 * The {@code nn.} prefix and trailing commas are optional. A file is checked whole before
 * anything is built: every error names the file, line and column, the layer, and what would fit.
 *
 * @param name        what runs and pages call it: the file's name without its extension
 * @param description the first note (## line), or empty
 * @param text        the file as written: a run keeps it, so the run outlives the file
 * @param layers      the layers, each with where it is written
 * @param recipe      how it trains by default: the recipe's lines over {@link #DEFAULT_RECIPE}
 * @param unused      layers a PyTorch class makes but its forward never applies: PyTorch counts
 *                    their parameters, so the summary does; a model file has none
 * @param pytorchClass the class it was read from with its layers' state-dict keys, or null for
 *                    a model file (an {@code nn.Sequential}: its keys are the layers' indices)
 */
public record ModelFile(String name, String description, String text, List<Entry> layers,
                        Recipe recipe, List<Module> unused, PyTorchClass pytorchClass) {

    /**
     * Far larger than any model file (the built-ins are under 2 KB; 200 layers with notes fit in
     * 40 KB): a file beyond it is the wrong file, and is refused before it is read.
     */
    public static final int MAX_BYTES = 256 * 1024;
    public static final int MAX_LAYERS = 200;
    /**
     * What a 2-core CPU trains in reasonable time: 250 times the course's 20,000-parameter
     * budget, enough for the big model the assignment starts from, ...
     */
    public static final long MAX_PARAMETERS = 5_000_000;
    /** ... 130 times {@code s6}'s multiply-accumulates per image: hours per epoch, not days, */
    public static final long MAX_MACS = 200_000_000;
    /** ... and values kept per image for the backward pass: a batch of 128 within 2 GB. */
    public static final long MAX_ACTIVATIONS = 4_000_000;

    /**
     * The recipe of a model file that gives none: the S6 notebook's (SGD 0.01, momentum 0.9,
     * batch 128, ±5° rotation, 20 epochs), the one the course's models are trained with.
     */
    public static final Recipe DEFAULT_RECIPE = Recipe.NOTEBOOK;

    /** One layer and where it is written; {@code stage} is the last # line above it. */
    public record Entry(Module module, String stage, int line, int column, String source) {}

    /** Files parsed in this JVM, for a test's check that a command parses its model once. */
    private static final AtomicLong PARSES = new AtomicLong();

    public ModelFile {
        layers = List.copyOf(layers);
        unused = List.copyOf(unused);
        if (pytorchClass != null && (pytorchClass.layers().size() != layers.size()
                || pytorchClass.unused().size() != unused.size())) {
            throw new IllegalArgumentException("a state-dict key per layer: "
                    + pytorchClass.layers().size() + " keys, " + layers.size() + " layers");
        }
    }

    public ModelFile(String name, String description, String text, List<Entry> layers,
                     Recipe recipe) {
        this(name, description, text, layers, recipe, List.of(), null);
    }

    /** How many model files this JVM has parsed: a command parses its model once, at the edge. */
    public static long parses() {
        return PARSES.get();
    }

    /**
     * Reads a learner's file. The name is the file's, without its extension; the errors begin
     * with {@code shown}, the path as the user gave it.
     */
    public static ModelFile read(Path file, String shown) {
        try {
            requireWithinSize(Files.size(file), shown);
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(shown + ": a folder, not a model file");
            }
            return parse(shown, nameOf(file), decode(Files.readAllBytes(file), shown));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(shown + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(shown + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Refuses {@code bytes} beyond {@link #MAX_BYTES}, before they are read or kept: the one
     * size rule of a model file, read from disk, typed in the lab or saved there.
     *
     * @throws InvalidInputException starting with {@code shown}
     */
    public static void requireWithinSize(long bytes, String shown) {
        if (bytes > MAX_BYTES) {
            throw new InvalidInputException(shown + ": " + String.format(Locale.ROOT, "%,d",
                    bytes) + " bytes; a model file is at most " + MAX_BYTES / 1024
                    + " KB (a model is a few lines of layers)");
        }
    }

    /** "my-net" for my-net.txt: letters, digits, - and _ only, so it can name a run's folder. */
    public static String nameOf(Path file) {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        String stem = (dot > 0 ? base.substring(0, dot) : base)
                .replaceAll("[^A-Za-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        stem = stem.length() > 40 ? stem.substring(0, 40) : stem;
        return stem.isEmpty() ? "model" : stem;
    }

    /** The text of a file that must be UTF-8 text: no control characters beyond tab and newline. */
    public static String decode(byte[] bytes, String shown) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(shown + ": not a text file (it is not UTF-8)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' && c != '\n' && c != '\r' && c != '\t') {
                throw new InvalidInputException(shown + ": not a text file (control character"
                        + " " + String.format(Locale.ROOT,
                                "0x%02x", (int) c) + " at character " + (i + 1)
                        + ")");
            }
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Reads {@code text}, checking it whole; {@code shown} begins every error. A PyTorch class
     * (what a run keeps of a model read from one) is read as {@link PythonModels} reads it.
     */
    public static ModelFile parse(String shown, String name, String text) {
        if (PythonModels.isClass(text)) {
            return PythonModels.parse(shown, name, text);
        }
        PARSES.incrementAndGet();
        String[] lines = text.split("\r?\n|\r", -1);
        List<Entry> layers = new ArrayList<>();
        List<String> recipeArguments = new ArrayList<>();
        Map<Integer, Integer> recipeLines = new LinkedHashMap<>();
        String description = "";
        String stage = "";
        Architecture.Builder arch = Architecture.mnist(name);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("##")) {
                description = description.isEmpty() ? line.substring(2).strip() : description;
            } else if (line.startsWith("#")) {
                stage = line.substring(1).strip();
            } else if (line.startsWith("--")) {
                recipeLines.put(recipeArguments.size(), n + 1);
                recipeArguments.addAll(List.of(withoutComment(line).strip().split("\\s+")));
            } else {
                int first = n;
                String source = withoutComment(lines[n]);
                // A layer may go on over lines until its parentheses close, as in a notebook,
                // where a broken line ends in "(" or ","; else a ")" is missing on this line.
                // A line that starts a layer of its own is never an argument: the ")" before
                // it is the one missing (read on, every layer after would be quoted as one).
                while (depth(source) > 0 && n + 1 < lines.length && n - first < 20
                        && source.strip().matches(".*[(,]")
                        && !lines[n + 1].strip().matches("(nn\\.|#|--).*")) {
                    source = source + " " + withoutComment(lines[++n]).strip();
                }
                for (Entry e : layers(shown, first + 1, source, stage, arch)) {
                    if (layers.size() == MAX_LAYERS) {
                        throw problem(shown, first + 1, 1, null, "more than " + MAX_LAYERS
                                + " layers; a model for MNIST on a CPU needs far fewer");
                    }
                    layers.add(e);
                    checkSize(shown, e, arch);
                }
            }
        }
        if (layers.isEmpty()) {
            throw new InvalidInputException(shown + ": no layers; write one per line, e.g."
                    + " nn.Conv2d(1, 8, 3, bias=False)");
        }
        built(shown, layers, arch);
        return new ModelFile(name, description, text, layers,
                recipe(shown, layers, recipeArguments, recipeLines, lines));
    }

    /**
     * A model read from another form than a model file (a PyTorch class), checked as a file's
     * layers are: {@code arch} holds them, added as they were read; the recipe is the default.
     */
    public static ModelFile of(String name, String description, String text, List<Entry> layers,
                               List<Module> unused, PyTorchClass pytorchClass,
                               Architecture.Builder arch, String shown) {
        PARSES.incrementAndGet();
        built(shown, layers, arch);
        return new ModelFile(name, description, text, layers,
                recipe(shown, layers, List.of(), Map.of(), new String[0]), unused, pytorchClass);
    }

    private static void built(String shown, List<Entry> layers, Architecture.Builder arch) {
        try {
            arch.build();
        } catch (LayerProblem p) {
            Entry last = layers.get(layers.size() - 1);
            throw problem(shown, last.line(), last.column(), null, p.getMessage());
        }
    }

    /** The layers of one line (usually one), each added to {@code arch} as it is read. */
    private static List<Entry> layers(String shown, int line, String source, String stage,
                                      Architecture.Builder arch) {
        List<LayerLine> calls;
        try {
            calls = LayerLine.parse(source);
        } catch (LayerLine.SyntaxProblem p) {
            throw problem(shown, line, p.column, source.strip().replaceAll(",$", "").strip(),
                    p.getMessage());
        }
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < calls.size(); k++) {
            int from = calls.get(k).column() - 1;
            int to = k + 1 < calls.size() ? calls.get(k + 1).column() - 1 : source.length();
            String written = source.substring(from, to).strip().replaceAll(",$", "").strip();
            entries.add(layer(shown, line, written, calls.get(k), stage, arch));
        }
        return entries;
    }

    private static Entry layer(String shown, int line, String written, LayerLine call,
                               String stage, Architecture.Builder arch) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        Module module;
        try {
            module = module(call, columns);
            arch.add(module);
        } catch (LayerProblem p) {
            int column = p.argument() != null && columns.containsKey(p.argument())
                    ? columns.get(p.argument()) : call.column();
            throw problem(shown, line, column, written, p.getMessage());
        }
        return new Entry(module, stage, line, call.column(), written);
    }

    /**
     * The module a layer call makes, its arguments bound as Python binds them; a
     * {@link LayerProblem} if it cannot be, its argument's column put in {@code columns}.
     */
    public static Module module(LayerLine call, Map<String, Integer> columns) {
        ModuleCatalog.Signature signature = ModuleCatalog.signature(call.name());
        if (signature == null) {
            String near = ModuleCatalog.nearest(call.name());
            throw new LayerProblem("unknown layer nn." + call.name()
                    + (near != null ? " (did you mean nn." + near + "?)" : "")
                    + "; supported: " + ModuleCatalog.names());
        }
        return signature.make().apply(new Args(bind(signature, call, columns)));
    }

    /** Binds the line's arguments as Python binds a call's: by position, then by keyword. */
    private static Map<String, Object> bind(ModuleCatalog.Signature signature, LayerLine call,
                                            Map<String, Integer> columns) {
        List<ModuleCatalog.Param> params = signature.params();
        Map<String, Object> values = new LinkedHashMap<>();
        int position = 0;
        for (LayerLine.Argument a : call.arguments()) {
            String name;
            if (a.keyword() == null) {
                if (position >= params.size()) {
                    throw new LayerProblem(null, "nn." + signature.name() + " takes at most "
                            + params.size() + " arguments (" + signature.parameterNames() + ")");
                }
                name = params.get(position++).name();
            } else {
                name = a.keyword();
                columns.put(name, a.column());
                if (params.stream().noneMatch(p -> p.name().equals(name))) {
                    throw new LayerProblem(name, "nn." + signature.name()
                            + " has no argument '" + name + "'; its arguments: "
                            + (params.isEmpty() ? "none" : signature.parameterNames()));
                }
            }
            if (values.containsKey(name)) {
                throw new LayerProblem(null, name + " is given twice");
            }
            values.put(name, a.value());
            columns.putIfAbsent(name, a.column());
        }
        for (ModuleCatalog.Param p : params) {
            if (!values.containsKey(p.name())) {
                if (p.fallback() == ModuleCatalog.REQUIRED) {
                    throw new LayerProblem(null, "nn." + signature.name() + " needs "
                            + p.name() + " (its arguments: " + signature.parameterNames() + ")");
                }
                values.put(p.name(), p.fallback());
            }
        }
        return values;
    }

    /** The model's size so far, refused at the layer that takes it past a limit. */
    public static void checkSize(String shown, Entry at, Architecture.Builder arch) {
        Architecture sofar = arch.sofar();
        long parameters = sofar.parameters();
        long macs = sofar.macs();
        long activations = sofar.activations();
        String over = parameters > MAX_PARAMETERS ? String.format(Locale.ROOT,
                "%,d parameters here, over the limit of %,d", parameters, MAX_PARAMETERS)
                : macs > MAX_MACS ? String.format(Locale.ROOT, "%,d multiply-accumulates per"
                        + " image here, over the limit of %,d", macs, MAX_MACS)
                : activations > MAX_ACTIVATIONS ? String.format(Locale.ROOT, "%,d values per"
                        + " image to keep for the backward pass here, over the limit of %,d",
                        activations, MAX_ACTIVATIONS) : null;
        if (over != null) {
            throw problem(shown, at.line(), at.column(), at.source(), "the model reaches " + over
                    + " (what a 2-core CPU trains in reasonable time)");
        }
    }

    /** The recipe lines over the default recipe, with the dropout the layers are written with. */
    /**
     * @param lines  the line of each recipe line's first argument, by the argument's index
     * @param text   the file's lines, to point at the argument a problem names
     */
    private static Recipe recipe(String shown, List<Entry> layers, List<String> arguments,
                                 Map<Integer, Integer> lines, String[] text) {
        Recipe base = DEFAULT_RECIPE.toBuilder().dropout(writtenDropout(layers)).build();
        try {
            return RecipeField.apply(base, arguments);
        } catch (InvalidValueException e) {
            // The option's last place: the one given twice, or the one with the wrong value.
            String option = e.name();
            String negated = option.startsWith("--") ? "--no-" + option.substring(2) : option;
            int at = -1;
            for (int i = 0; i < arguments.size(); i++) {
                String a = arguments.get(i);
                if (a.equals(option) || a.startsWith(option + "=") || a.equals(negated)) {
                    at = i;
                }
            }
            int line = lines.values().iterator().next();
            for (Map.Entry<Integer, Integer> l : lines.entrySet()) {
                line = l.getKey() <= Math.max(at, 0) ? l.getValue() : line;
            }
            int column = at < 0 ? 1 : text[line - 1].indexOf(arguments.get(at)) + 1;
            throw problem(shown, line, Math.max(column, 1), null, e.getMessage());
        }
    }

    /** The highest rate of the dropout layers as written, 0 without any. */
    private static float writtenDropout(List<Entry> layers) {
        float rate = 0;
        for (Entry e : layers) {
            if (e.module() instanceof Module.Dropout d) {
                rate = Math.max(rate, d.rate());
            }
        }
        return rate;
    }

    /**
     * The layers, with every dropout layer at {@code dropout} when it differs from the rate
     * they are written with ({@code train --dropout}), else each as written.
     */
    public Architecture architecture(float dropout) {
        boolean override = dropout != writtenDropout(layers);
        Architecture.Builder arch = Architecture.mnist(name);
        for (Entry e : layers) {
            arch.stage(e.stage()).add(override && e.module() instanceof Module.Dropout d
                    ? d.withRate(dropout) : e.module());
        }
        unused.forEach(arch::unused);
        return arch.build();
    }

    /** The layers with the recipe's dropout. */
    public Architecture architecture() {
        return architecture(recipe.dropout());
    }

    private static String withoutComment(String line) {
        int quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                quote = quote == c ? 0 : quote == 0 ? c : quote;
            } else if (c == '#' && quote == 0) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static int depth(String text) {
        int depth = 0;
        for (char c : text.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return depth;
    }

    private static ModelFileException problem(String shown, int line, int column, String layer,
                                              String problem) {
        return new ModelFileException(shown, line, column, layer, problem);
    }
}
