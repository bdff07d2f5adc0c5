package backproplab.model.python;

import backproplab.model.LayerLine;
import backproplab.model.LayerProblem;
import backproplab.model.ModelFile;
import backproplab.model.Module;
import backproplab.model.python.ModuleClasses.Method;
import backproplab.model.python.PythonExpr.Argument;
import backproplab.model.python.PythonExpr.Call;
import backproplab.model.python.PythonLines.Line;
import backproplab.model.python.PythonLines.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A class's {@code __init__} read as the layers it makes: each {@code self.NAME = nn.Layer(...)}
 * and {@code self.NAME = nn.Sequential(...)} in the order PyTorch registers them, and the plain
 * values it keeps ({@code self.dropout_value = 0.1}), its arguments taking their defaults.
 * Nothing runs: a statement that is not such an assignment is passed over when it cannot change
 * a layer ({@code print}, {@code super().__init__()}), and refused when it could ({@code if},
 * {@code for}, {@code nn.ModuleList}).
 */
final class InitReader {

    /**
     * A layer as {@code __init__} makes it: its state-dict key ({@code convblock1.0}), the
     * module (null for an {@code nn.Sequential}, whose layers are {@code children}), where it is
     * written, and the comment above its assignment (empty without one).
     */
    record Layer(String key, Module module, List<Layer> children, int line, int column,
                 String written, String comment) {}

    /**
     * The layers by attribute name, in PyTorch's order, the attributes' plain values, and the
     * calls other than torch.nn's that made an attribute ({@code self.block = conv_bn(1, 8)}),
     * by attribute name, as written: what forward cannot apply, said as what it is.
     */
    record Layers(Map<String, Layer> attributes, Map<String, Object> values,
                  Map<String, String> otherCalls) {}

    private static final Set<String> COMPOUND = Set.of("if", "elif", "else", "for", "while",
            "with", "try", "except", "finally", "def", "class", "match");

    private final PythonSource source;
    private final Function<String, Object> globals;
    private final Map<String, Object> locals = new HashMap<>();
    private final Map<String, Layer> attributes = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> otherCalls = new HashMap<>();

    private InitReader(PythonSource source, Function<String, Object> globals) {
        this.source = source;
        this.globals = globals;
    }

    /** @param attributes the class's own ({@code DROP = 0.1}): {@code self.DROP} in __init__ */
    static Layers read(Method init, List<ModuleClasses.Constant> attributes, PythonSource source,
                       Function<String, Object> globals) {
        InitReader reader = new InitReader(source, globals);
        for (ModuleClasses.Constant a : attributes) {
            Object value;
            try {
                value = PythonValues.value(a.value(), reader::lookup);
            } catch (PythonExpr.SyntaxProblem unreadable) {
                value = PythonValues.UNKNOWN;  // an error only if a layer uses it
            }
            reader.values.put("self." + a.name(), value);
        }
        reader.arguments(init);
        reader.body(init.body());
        return new Layers(reader.attributes, reader.values, reader.otherCalls);
    }

    private void arguments(Method init) {
        for (int i = 1; i < init.parameters().size(); i++) {
            PythonExpr fallback = init.defaults().get(i);
            Object value = PythonValues.UNKNOWN;
            if (fallback != null) {
                try {
                    value = PythonValues.value(fallback, this::lookup);
                } catch (PythonExpr.SyntaxProblem unreadable) {
                    // a default no layer can use (a device object): an error only if one does
                }
            }
            locals.put(init.parameters().get(i), value);
        }
    }

    private void body(List<Line> body) {
        String comment = "";
        int indent = -1;
        for (Line line : body) {
            if (line.isComment()) {
                comment = line.comment();
                continue;
            }
            indent = indent < 0 ? line.indent() : indent;
            if (line.indent() > indent) {
                continue;  // inside a compound statement, refused at its first line
            }
            statement(line, comment);
            comment = "";
        }
    }

    private void statement(Line line, String comment) {
        Token first = line.first();
        if (COMPOUND.contains(first.text())) {
            throw source.problem(first.line(), first.column(), null, "__init__: '" + first.text()
                    + "' is not read; assign each layer to an attribute, one by one");
        }
        int equals = -1;
        int depth = 0;
        List<Token> t = line.tokens();
        for (int i = 0; i < t.size(); i++) {
            String op = t.get(i).kind() == PythonLines.Kind.OP ? t.get(i).text() : "";
            depth += op.isEmpty() ? 0 : "([{".contains(op) ? 1 : ")]}".contains(op) ? -1 : 0;
            if (depth == 0 && t.get(i).is("=")) {
                equals = i;
                break;
            }
        }
        if (equals < 0) {
            return;  // super().__init__(), a docstring, print(...): no layer
        }
        PythonExpr value;
        PythonExpr target;
        try {
            target = PythonExpr.parse(t, 0, equals);
            value = PythonExpr.parse(t, equals + 1, t.size());
        } catch (PythonExpr.SyntaxProblem p) {
            throw source.problem(p.at.line(), p.at.column(), null, "__init__: " + p.getMessage());
        }
        String name = PythonExpr.dotted(target);
        if (name == null || name.indexOf('.') != name.lastIndexOf('.')
                || name.contains(".") && !name.startsWith("self.")) {
            throw source.problem(first.line(), first.column(), null, "__init__: only"
                    + " assignments to self.NAME or to a name are read");
        }
        String function = value instanceof Call c ? PythonExpr.dotted(c.function()) : null;
        String layer = function == null ? null : layerName(function);
        if (layer != null && !name.startsWith("self.")) {
            throw source.problem(first.line(), first.column(), null, "__init__: a layer kept in"
                    + " a local name (" + name + ") is not read; assign it to self." + name);
        }
        if (layer != null) {
            String key = name.substring("self.".length());
            attributes.remove(key);
            attributes.put(key, layer(key, (Call) value, layer, comment));
            return;
        }
        Object v;
        try {
            v = PythonValues.value(value, this::lookup);
        } catch (PythonExpr.SyntaxProblem unreadable) {
            v = PythonValues.UNKNOWN;  // a device, an optimizer: an error only if a layer uses it
        }
        if (name.startsWith("self.")) {
            attributes.remove(name.substring("self.".length()));
            values.put(name, v);
            if (function != null) {
                otherCalls.put(name.substring("self.".length()), function);
            } else {
                otherCalls.remove(name.substring("self.".length()));
            }
        } else {
            locals.put(name, v);
        }
    }

    /** "Conv2d" for nn.Conv2d or torch.nn.Conv2d; null for what is not torch.nn's. */
    static String layerName(String function) {
        for (String prefix : List.of("torch.nn.", "nn.")) {
            if (function.startsWith(prefix) && function.indexOf('.', prefix.length()) < 0) {
                return function.substring(prefix.length());
            }
        }
        return null;
    }

    private Layer layer(String key, Call call, String name, String comment) {
        if (name.equals("Sequential")) {
            List<Layer> children = new ArrayList<>();
            for (Argument a : call.arguments()) {
                String child = a.value() instanceof Call c ? PythonExpr.dotted(c.function()) : null;
                String childName = child == null ? null : layerName(child);
                if (a.keyword() != null || childName == null) {
                    throw source.problem(a.first().line(), a.first().column(),
                            quote(call), "only layers of torch.nn are read inside an"
                                    + " nn.Sequential, e.g. nn.Conv2d(1, 8, 3)");
                }
                children.add(layer(key + "." + children.size(), (Call) a.value(), childName,
                        ""));
            }
            return new Layer(key, null, List.copyOf(children), call.first().line(),
                    call.first().column(), quote(call), comment);
        }
        if (name.equals("ModuleList") || name.equals("ModuleDict")) {
            throw source.problem(call.first().line(), call.first().column(), quote(call),
                    "layers in an nn." + name + " are not read; assign each to an attribute, or"
                            + " put them in an nn.Sequential");
        }
        List<LayerLine.Argument> arguments = new ArrayList<>();
        List<Token> at = new ArrayList<>();
        for (Argument a : call.arguments()) {
            Object value;
            try {
                value = PythonValues.value(a.value(), this::lookup);
            } catch (PythonExpr.SyntaxProblem p) {
                throw source.problem(p.at.line(), p.at.column(), quote(call), p.getMessage());
            }
            at.add(a.first());
            arguments.add(new LayerLine.Argument(a.keyword(), value, at.size()));
        }
        Map<String, Integer> columns = new HashMap<>();
        try {
            Module module = ModelFile.module(new LayerLine(name, 0, List.copyOf(arguments)),
                    columns);
            return new Layer(key, module, null, call.first().line(), call.first().column(),
                    quote(call), comment);
        } catch (LayerProblem p) {
            Token where = p.argument() != null && columns.containsKey(p.argument())
                    ? at.get(columns.get(p.argument()) - 1) : call.first();
            throw source.problem(where.line(), where.column(), quote(call), p.getMessage());
        }
    }

    private String quote(PythonExpr e) {
        return source.quote(e.first().start(), e.last().end());
    }

    private Object lookup(PythonExpr e) {
        String name = PythonExpr.dotted(e);
        if (name == null) {
            return PythonValues.UNKNOWN;
        }
        if (name.startsWith("self.")) {
            return values.getOrDefault(name, PythonValues.UNKNOWN);
        }
        return locals.containsKey(name) ? locals.get(name) : globals.apply(name);
    }

    /** The scope the forward pass reads plain values from: the attributes {@code __init__} set. */
    static Function<PythonExpr, Object> scope(Layers layers, Function<String, Object> globals) {
        return e -> {
            String name = PythonExpr.dotted(e);
            if (name == null) {
                return PythonValues.UNKNOWN;
            }
            return name.startsWith("self.")
                    ? layers.values().getOrDefault(name, PythonValues.UNKNOWN)
                    : globals.apply(name);
        };
    }
}
