package backproplab.model.python;

import backproplab.model.Architecture;
import backproplab.model.FeatureShape;
import backproplab.model.LayerLine;
import backproplab.model.LayerProblem;
import backproplab.model.ModelFile;
import backproplab.model.Module;
import backproplab.model.ModuleCatalog;
import backproplab.model.python.ModuleClasses.Method;
import backproplab.model.python.PythonExpr.Argument;
import backproplab.model.python.PythonExpr.Attribute;
import backproplab.model.python.PythonExpr.Binary;
import backproplab.model.python.PythonExpr.Call;
import backproplab.model.python.PythonExpr.Name;
import backproplab.model.python.PythonExpr.Negative;
import backproplab.model.python.PythonExpr.Subscript;
import backproplab.model.python.PythonLines.Line;
import backproplab.model.python.PythonLines.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A class's {@code forward} read as the chain of layers it applies to its one input: layers of
 * {@code __init__} ({@code self.conv1(x)}, a whole {@code nn.Sequential}), the functions of
 * {@code torch.nn.functional} that are layers ({@code F.relu}, {@code F.max_pool2d}, ...), and the
 * reshapes a classifier's head writes ({@code x.view(-1, 10)}, {@code x.mean([2, 3])}), nested
 * or one per statement. Each is added to the architecture as it is read, so a shape that does
 * not fit is said at the layer. What is not one chain on one tensor (a residual {@code +},
 * {@code torch.cat}, an {@code if}, a loop, a tensor used twice) is refused at its line.
 */
final class ForwardChain {

    /** The chain: its entries, each with its layer's state-dict key (null for a function). */
    record Chain(List<ModelFile.Entry> entries, List<String> keys, Set<String> used,
                 Token returned) {}

    /** The input tensor, and what is computed from it. */
    private static final Object TENSOR = new Object();
    /** {@code x.size(0)}, {@code x.shape[0]}: the batch, whatever its size. */
    private static final Object BATCH = new Object();
    /** {@code self.training}: whether dropout drops. */
    private static final Object TRAINING = new Object();

    /** A function of {@code torch.nn.functional} as the layer it is, and its arguments. */
    private record Functional(String layer, List<String> parameters) {}

    private static final Map<String, Functional> FUNCTIONS = new LinkedHashMap<>();

    static {
        FUNCTIONS.put("relu", new Functional("ReLU", List.of("inplace")));
        FUNCTIONS.put("relu6", new Functional("ReLU6", List.of("inplace")));
        FUNCTIONS.put("leaky_relu", new Functional("LeakyReLU",
                List.of("negative_slope", "inplace")));
        FUNCTIONS.put("elu", new Functional("ELU", List.of("alpha", "inplace")));
        FUNCTIONS.put("gelu", new Functional("GELU", List.of("approximate")));
        FUNCTIONS.put("silu", new Functional("SiLU", List.of("inplace")));
        FUNCTIONS.put("sigmoid", new Functional("Sigmoid", List.of()));
        FUNCTIONS.put("tanh", new Functional("Tanh", List.of()));
        FUNCTIONS.put("max_pool2d", new Functional("MaxPool2d", List.of("kernel_size", "stride",
                "padding", "dilation", "ceil_mode", "return_indices")));
        FUNCTIONS.put("avg_pool2d", new Functional("AvgPool2d", List.of("kernel_size", "stride",
                "padding", "ceil_mode", "count_include_pad", "divisor_override")));
        FUNCTIONS.put("adaptive_avg_pool2d", new Functional("AdaptiveAvgPool2d",
                List.of("output_size")));
        FUNCTIONS.put("dropout", new Functional("Dropout", List.of("p", "training", "inplace")));
        FUNCTIONS.put("dropout2d", new Functional("Dropout2d",
                List.of("p", "training", "inplace")));
        FUNCTIONS.put("log_softmax", new Functional("LogSoftmax",
                List.of("dim", "_stacklevel", "dtype")));
    }

    /** Tensor methods that change nothing a model computes. */
    private static final Set<String> NO_OPS = Set.of("to", "contiguous", "float", "cpu", "cuda");

    private final PythonSource source;
    private final Map<String, InitReader.Layer> layers;
    private final Map<String, String> otherCalls;
    private final Function<PythonExpr, Object> scope;
    private final Architecture.Builder arch;
    private final List<ModelFile.Entry> entries = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private final Map<String, Object> locals = new HashMap<>();
    private final Set<String> dead = new HashSet<>();
    private String tensor;
    private int uses;
    private String comment = "";
    private String stage = "";
    private Line statement;

    private ForwardChain(PythonSource source, InitReader.Layers layers,
                         Function<PythonExpr, Object> scope, Architecture.Builder arch) {
        this.source = source;
        this.layers = layers.attributes();
        this.otherCalls = layers.otherCalls();
        this.scope = scope;
        this.arch = arch;
    }

    static Chain read(Method forward, PythonSource source, InitReader.Layers layers,
                      Function<PythonExpr, Object> scope, Architecture.Builder arch) {
        ForwardChain chain = new ForwardChain(source, layers, scope, arch);
        Line header = forward.header();
        if (forward.parameters().size() != 2) {
            throw source.problem(header.number(), header.first().column(), null, "forward takes "
                    + (forward.parameters().size() - 1) + " inputs; backprop-lab reads a forward"
                    + " of one, the images: def forward(self, x)");
        }
        chain.tensor = forward.parameters().get(1);
        chain.body(forward);
        return new Chain(List.copyOf(chain.entries), java.util.Collections.unmodifiableList(
                new ArrayList<>(chain.keys)), Set.copyOf(chain.used), chain.statement.first());
    }

    private void body(Method forward) {
        int indent = -1;
        String above = "";
        for (Line line : forward.body()) {
            if (line.isComment()) {
                above = line.comment();
                continue;
            }
            indent = indent < 0 ? line.indent() : indent;
            if (line.indent() > indent) {
                continue;
            }
            statement = line;
            comment = above;
            above = "";
            uses = 0;
            if (statement(line)) {
                return;
            }
        }
        Line header = forward.header();
        throw source.problem(header.number(), header.first().column(), null,
                "forward returns nothing; it must end in return x");
    }

    /** Reads one statement; true at the {@code return}. */
    private boolean statement(Line line) {
        Token first = line.first();
        List<Token> t = line.tokens();
        if (Set.of("if", "elif", "else", "match", "try", "with").contains(first.text())) {
            throw refuse(first, "'" + first.text() + "'");
        }
        if (Set.of("for", "while").contains(first.text())) {
            throw refuse(first, "a loop ('" + first.text() + "')");
        }
        if (first.is("return")) {
            if (value(parse(t, 1, t.size())) != TENSOR) {
                throw wrong(first, "forward must return the tensor its layers compute");
            }
            return true;
        }
        int equals = -1;
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            depth += k.kind() != PythonLines.Kind.OP ? 0 : "([{".contains(k.text()) ? 1
                    : ")]}".contains(k.text()) ? -1 : 0;
            if (depth == 0 && k.kind() == PythonLines.Kind.OP && k.text().endsWith("=")
                    && !k.is("==") && !k.is("!=") && !k.is("<=") && !k.is(">=")) {
                if (!k.is("=")) {
                    throw refuse(k, "'" + k.text() + "' (a residual connection)");
                }
                equals = i;
                break;
            }
        }
        if (equals < 0) {
            PythonExpr e = parse(t, 0, t.size());
            if (e instanceof Call c && "print".equals(PythonExpr.dotted(c.function()))) {
                return false;
            }
            if (e instanceof PythonExpr.Literal) {
                return false;  // a docstring
            }
            throw refuse(first, "a statement that is not an assignment or return");
        }
        PythonExpr target = parse(t, 0, equals);
        if (!(target instanceof Name name)) {
            throw refuse(first, "an assignment to something else than a name");
        }
        Object v = value(parse(t, equals + 1, t.size()));
        if (v == TENSOR) {
            if (!name.id().equals(tensor)) {
                dead.add(tensor);
            }
            dead.remove(name.id());
            locals.remove(name.id());
            tensor = name.id();
        } else {
            locals.put(name.id(), v);
        }
        return false;
    }

    private PythonExpr parse(List<Token> t, int from, int to) {
        try {
            return PythonExpr.parse(t, from, to);
        } catch (PythonExpr.SyntaxProblem p) {
            throw wrong(p.at, p.getMessage());
        }
    }

    /** What {@code e} computes: the tensor, once the layers it applies are added, or a value. */
    private Object value(PythonExpr e) {
        if (e instanceof Name n) {
            if (n.id().equals(tensor)) {
                if (++uses > 1) {
                    throw refuse(n.first(), n.id() + " used twice (a residual or skip"
                            + " connection)");
                }
                return TENSOR;
            }
            if (dead.contains(n.id())) {
                throw refuse(n.first(), n.id() + " used again after " + tensor + " was computed"
                        + " from it (a skip connection)");
            }
            if (locals.containsKey(n.id())) {
                return locals.get(n.id());
            }
        }
        if (e instanceof Attribute a && a.name().equals("training")
                && "self".equals(PythonExpr.dotted(a.of()))) {
            return TRAINING;
        }
        if (e instanceof Call c) {
            return call(c);
        }
        if (e instanceof Subscript s && s.of() instanceof Attribute a && a.name().equals("shape")
                && isTensorName(a.of())) {
            if (PythonValues.value(s.index(), x -> PythonValues.UNKNOWN).equals(0L)) {
                return BATCH;
            }
            throw refuse(s.first(), "a size of the maps");
        }
        if (e instanceof Binary b) {
            Object left = value(b.left());
            Object right = value(b.right());
            if (left == TENSOR || right == TENSOR) {
                throw refuse(b.first(), "'" + b.operator() + "' of tensors"
                        + (b.operator().equals("+") ? " (a residual connection)" : ""));
            }
            try {
                return PythonValues.arithmetic(b, left, right);
            } catch (PythonExpr.SyntaxProblem p) {
                throw wrong(p.at, p.getMessage());
            }
        }
        if (e instanceof Negative n && value(n.of()) == TENSOR) {
            throw refuse(n.first(), "'-' of a tensor");
        }
        try {
            return PythonValues.value(e, x -> x == e ? scope.apply(x) : value(x));
        } catch (PythonExpr.SyntaxProblem p) {
            throw wrong(p.at, p.getMessage());
        }
    }

    private boolean isTensorName(PythonExpr e) {
        return e instanceof Name n && n.id().equals(tensor);
    }

    private Object call(Call c) {
        String function = PythonExpr.dotted(c.function());
        if (function != null && function.startsWith("self.") && function.indexOf('.', 5) < 0) {
            return layer(c, function.substring(5));
        }
        String functional = function == null ? null : functional(function);
        if (functional != null) {
            return function(c, functional, c.arguments(), false);
        }
        if (c.function() instanceof Attribute a) {
            if ((a.name().equals("size")) && isTensorName(a.of())) {
                List<Argument> args = c.arguments();
                if (args.size() == 1 && args.get(0).value() instanceof PythonExpr.Literal l
                        && Long.valueOf(0).equals(l.value())) {
                    return BATCH;
                }
                throw refuse(c.first(), "a size of the maps");
            }
            if (function != null && !function.contains("(") && function.startsWith("torch.")) {
                throw refuse(c.first(), function);
            }
            if (value(a.of()) != TENSOR) {
                throw refuse(c.first(), "'" + a.name() + "' of something else than the tensor");
            }
            return method(c, a.name());
        }
        throw refuse(c.first(), function != null ? function : "this call");
    }

    /** Conv2d or Sequential imported on its own ({@code from torch.nn import Conv2d}). */
    private static boolean bareLayer(String function) {
        return function.equals("Sequential")
                || List.of(ModuleCatalog.names().split(", ")).contains(function);
    }

    /** "relu" for F.relu, torch.nn.functional.relu, torch.relu; null for others. */
    private static String functional(String function) {
        for (String prefix : List.of("F.", "torch.nn.functional.", "nn.functional.")) {
            if (function.startsWith(prefix)) {
                return function.substring(prefix.length());
            }
        }
        if (function.startsWith("torch.") && Set.of("relu", "sigmoid", "tanh", "log_softmax",
                "flatten", "mean", "squeeze", "reshape").contains(function.substring(6))) {
            return function.substring(6);
        }
        return null;
    }

    /** {@code self.conv1(x)}: the layer, or each layer of an {@code nn.Sequential}. */
    private Object layer(Call c, String key) {
        InitReader.Layer layer = layers.get(key);
        if (layer == null) {
            String made = otherCalls.get(key);
            throw wrong(c.first(), made == null ? "self." + key + " is not a layer __init__"
                    + " assigns" : bareLayer(made) ? "__init__ makes self." + key + " with "
                    + made + "(...): write it nn." + made + "(...) (import torch.nn as nn),"
                    + " the name backprop-lab reads torch.nn's layers by"
                    : "__init__ makes self." + key + " with " + made + "(...), not a layer of"
                    + " torch.nn: the layers are read as __init__ writes them out"
                    + " (nn.Conv2d(...), nn.Sequential(...)), not what a function returns");
        }
        if (c.arguments().size() != 1 || c.arguments().get(0).keyword() != null
                || value(c.arguments().get(0).value()) != TENSOR) {
            throw refuse(c.first(), "self." + key + " called with other than the one tensor");
        }
        add(layer, comment);
        return TENSOR;
    }

    private void add(InitReader.Layer layer, String above) {
        if (layer.module() == null) {
            String blockStage = !layer.comment().isEmpty() ? layer.comment()
                    : !above.isEmpty() ? above : layer.key();
            for (InitReader.Layer child : layer.children()) {
                stage = blockStage;
                add(child, "");
                stage = blockStage;
            }
            used.add(layer.key());
            return;
        }
        if (used.contains(layer.key()) && layer.module().parameters(arch.shape()) > 0) {
            throw wrong(statement.first(), "self." + layer.key() + " is applied twice, its"
                    + " weights shared: give each use a layer of its own");
        }
        used.add(layer.key());
        stage = !above.isEmpty() ? above : !layer.comment().isEmpty() && !layer.key()
                .contains(".") ? layer.comment() : stage;
        add(layer.module(), layer.line(), layer.column(), layer.written(), layer.key());
    }

    private void add(Module m, int line, int column, String written, String key) {
        ModelFile.Entry e = new ModelFile.Entry(m, stage, source.line(line), column, written);
        if (entries.size() == ModelFile.MAX_LAYERS) {
            throw source.problem(line, column, written, "more than " + ModelFile.MAX_LAYERS
                    + " layers; a model for MNIST on a CPU needs far fewer");
        }
        try {
            arch.add(m);
        } catch (LayerProblem p) {
            throw source.problem(line, column, written, p.getMessage());
        }
        entries.add(e);
        keys.add(key);
        ModelFile.checkSize(source.file(line), e, arch);
    }

    /** A function that is a layer, {@code F.relu(x)}, {@code x.relu()} ({@code self} given). */
    private Object function(Call c, String name, List<Argument> arguments, boolean method) {
        switch (name) {
            case "flatten", "mean", "squeeze", "reshape" -> {
                if (arguments.isEmpty() || value(arguments.get(0).value()) != TENSOR) {
                    throw refuse(c.first(), "torch." + name + " of something else than the"
                            + " tensor");
                }
                return shape(c, name, arguments.subList(1, arguments.size()));
            }
            case "softmax" -> throw wrong(c.first(), "softmax gives probabilities; the loss"
                    + " takes log-probabilities: write F.log_softmax(x, dim=1)");
            default -> { }
        }
        Functional f = FUNCTIONS.get(name);
        if (f == null) {
            throw wrong(c.first(), PythonExpr.dotted(c.function()) + " is not read; the"
                    + " functions read: " + String.join(", ", FUNCTIONS.keySet()));
        }
        int tensors = 0;
        Map<String, Object> values = new LinkedHashMap<>();
        List<Token> at = new ArrayList<>();
        int position = 0;
        for (Argument a : arguments) {
            Object v = value(a.value());
            if (v == TENSOR) {
                if (method || tensors++ > 0
                        || a.keyword() != null && !a.keyword().equals("input")) {
                    throw refuse(a.first(), "a second tensor given to " + name);
                }
                continue;
            }
            String keyword = a.keyword();
            if (keyword == null) {
                if (position >= f.parameters().size()) {
                    throw refuse(a.first(), name + " takes at most " + f.parameters().size()
                            + " arguments besides the tensor");
                }
                keyword = f.parameters().get(position++);
            }
            values.put(keyword, v);
            at.add(a.first());
        }
        if (tensors != (method ? 0 : 1)) {
            throw refuse(c.first(), name + " of something else than the tensor");
        }
        if (f.layer().startsWith("Dropout")) {
            if (values.remove("training") != TRAINING) {
                throw wrong(c.first(), written(c).replaceAll("\\(.*", "")
                        + " without training=self.training drops at"
                        + " test time too: write training=self.training, or use nn.Dropout");
            }
        }
        if (f.layer().equals("LogSoftmax")) {
            values.remove("_stacklevel");
            if (values.containsKey("dtype") && values.remove("dtype") != null) {
                throw refuse(c.first(), name + " with a dtype");
            }
        }
        List<LayerLine.Argument> args = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, Object> v : values.entrySet()) {
            if (v.getValue() == TENSOR || v.getValue() == BATCH || v.getValue() == TRAINING) {
                throw wrong(at.get(k), v.getKey() + " is not a value backprop-lab can read");
            }
            tokens.add(at.get(k++));
            args.add(new LayerLine.Argument(v.getKey(), v.getValue(), tokens.size()));
        }
        Map<String, Integer> columns = new HashMap<>();
        Module m;
        String written = written(c);
        try {
            m = ModelFile.module(new LayerLine(f.layer(), 0, args), columns);
        } catch (LayerProblem p) {
            Token where = p.argument() != null && columns.containsKey(p.argument())
                    ? tokens.get(columns.get(p.argument()) - 1) : c.first();
            throw source.problem(where.line(), where.column(), written,
                    p.getMessage().replace("nn." + f.layer(), name));
        }
        stage = !comment.isEmpty() ? comment : stage;
        add(m, c.first().line(), c.first().column(), written, null);
        return TENSOR;
    }

    /** A method of the tensor: {@code x.view(-1, 10)}, {@code x.relu()}, {@code x.to(device)}. */
    private Object method(Call c, String name) {
        if (NO_OPS.contains(name)) {
            return TENSOR;
        }
        if (Set.of("view", "reshape", "flatten", "mean", "squeeze").contains(name)) {
            return shape(c, name, c.arguments());
        }
        if (FUNCTIONS.containsKey(name) && !name.contains("pool") && !name.startsWith("drop")) {
            return function(c, name, c.arguments(), true);
        }
        throw refuse(c.first(), tensor + "." + name);
    }

    /** The reshapes a head writes: to one vector per image, or global average pooling. */
    private Object shape(Call c, String name, List<Argument> arguments) {
        FeatureShape in = arch.shape();
        Map<String, Object> values = new LinkedHashMap<>();
        List<Object> positional = new ArrayList<>();
        for (Argument a : arguments) {
            Object v = value(a.value());
            if (a.keyword() == null) {
                positional.add(v);
            } else {
                values.put(a.keyword(), v);
            }
        }
        String written = written(c);
        stage = !comment.isEmpty() ? comment : stage;
        switch (name) {
            case "view", "reshape" -> {
                List<Object> dims = positional.size() == 1 && positional.get(0) instanceof List<?> l
                        ? new ArrayList<>(l) : positional;
                if (values.containsKey("shape")) {
                    dims = values.get("shape") instanceof List<?> l ? new ArrayList<>(l) : dims;
                }
                long features = in.features();
                if (!in.flat() && dims.size() == 4 && (dims.get(0) == BATCH
                        || Long.valueOf(-1).equals(dims.get(0)))
                        && List.of((long) in.channels(), (long) in.height(), (long) in.width())
                        .equals(dims.subList(1, 4))) {
                    return TENSOR;  // x.view(-1, 1, 28, 28): the shape it has
                }
                boolean batchFirst = dims.size() == 2 && (dims.get(0) == BATCH
                        && (Long.valueOf(-1).equals(dims.get(1))
                        || Long.valueOf(features).equals(dims.get(1)))
                        || Long.valueOf(-1).equals(dims.get(0))
                        && Long.valueOf(features).equals(dims.get(1)));
                if (!batchFirst) {
                    throw wrong(c.first(), dims.size() == 2 && Long.valueOf(-1).equals(dims.get(0))
                            ? "each image has " + in.featuresText() + " here, so this view"
                            + " would not keep one row per image; write x.view(x.size(0), -1)"
                            : "only a view to one row per image is read, x.view(x.size(0), -1)");
                }
                flatten(c, written, in);
            }
            case "flatten" -> {
                Object start = positional.isEmpty() ? values.getOrDefault("start_dim", 0L)
                        : positional.get(0);
                Object end = positional.size() > 1 ? positional.get(1)
                        : values.getOrDefault("end_dim", -1L);
                if (!Long.valueOf(1).equals(start) || !Long.valueOf(-1).equals(end)) {
                    throw wrong(c.first(), "a flatten that is not from dimension 1 to the end"
                            + " would not keep one row per image: write torch.flatten(x, 1)");
                }
                flatten(c, written, in);
            }
            case "mean" -> {
                Object dims = positional.isEmpty() ? values.get("dim") : positional.get(0);
                Object keep = positional.size() > 1 ? positional.get(1)
                        : values.getOrDefault("keepdim", false);
                if (!(dims instanceof List<?> l) || l.size() != 2 || in.flat()
                        || !(l.contains(2L) || l.contains(-2L)) || !(l.contains(3L)
                        || l.contains(-1L)) || !(keep instanceof Boolean)) {
                    throw refuse(c.first(), "a mean that is not over the maps, x.mean([2, 3]),");
                }
                add(new Module.GlobalAvgPool(), c.first().line(), c.first().column(), written,
                        null);
                if (!(Boolean) keep) {
                    add(new Module.Flatten(), c.first().line(), c.first().column(), written,
                            null);
                }
            }
            default -> {
                if (!positional.isEmpty() || !values.isEmpty() || in.flat()
                        || in.height() != 1 || in.width() != 1) {
                    throw refuse(c.first(), "a squeeze that is not of 1x1 maps, x.squeeze(),");
                }
                flatten(c, written, in);
            }
        }
        return TENSOR;
    }

    private void flatten(Call c, String written, FeatureShape in) {
        if (!in.flat()) {
            add(new Module.Flatten(), c.first().line(), c.first().column(), written, null);
        }
    }

    /** The call as written, its tensor argument "..." when that is a call of its own. */
    private String written(Call c) {
        return source.quote(c.first().start(), c.last().end());
    }

    /** A construct that is no chain of layers: said what it is, at its line. */
    private RuntimeException refuse(Token at, String construct) {
        return wrong(at, construct + " is not read (backprop-lab reads forward as one chain of"
                + " layers on one tensor)");
    }

    private RuntimeException wrong(Token at, String problem) {
        return source.problem(at.line(), at.column(), source.quote(statement.first().start(),
                statement.last().end()).replaceAll(":$", ""), problem);
    }
}
