package backproplab.model.python;

import backproplab.model.python.PythonLines.Line;
import backproplab.model.python.PythonLines.Token;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Python file holds that a model needs: its {@code nn.Module} classes, each with its
 * methods' lines, and its constants ({@code dropout_value = 0.1}) with the line each is
 * assigned at. Everything else at the top level (imports, data loading, training loops, plots)
 * is passed over unread.
 */
record ModuleClasses(List<ClassDef> classes, List<Constant> constants) {

    /**
     * A class: its name, its header line, its methods by name, and its class attributes
     * ({@code DROP = 0.1} in the class body, {@code self.DROP} in its methods).
     */
    record ClassDef(String name, Line header, Line last, Map<String, Method> methods,
                    List<Constant> attributes) {}

    /**
     * A method: its header line, parameter names and their default expressions (null for none,
     * {@code self} included), and the lines of its body with the comment lines among them.
     */
    record Method(Line header, List<String> parameters, List<PythonExpr> defaults,
                  List<Line> body) {}

    /** {@code NAME = expression} at the top level, on a line of the code. */
    record Constant(String name, PythonExpr value, int line) {}

    static ModuleClasses read(List<Line> lines) {
        List<ClassDef> classes = new ArrayList<>();
        List<Constant> constants = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            Line line = lines.get(n);
            if (line.isComment() || line.indent() > 0) {
                continue;
            }
            if (line.startsWith("class") && isModule(line)) {
                int end = blockEnd(lines, n);
                String name = line.tokens().get(1).text();
                // A class defined again (a notebook's cell edited and run once more) is the later
                // one from here on, as Python binds the name.
                classes.removeIf(c -> c.name().equals(name));
                List<Line> body = lines.subList(n + 1, end);
                classes.add(new ClassDef(name, line, lines.get(end - 1), methods(body),
                        attributes(body)));
                n = end - 1;
            } else if (line.first().kind() == PythonLines.Kind.NAME) {
                constants.addAll(constants(line));
            }
        }
        return new ModuleClasses(List.copyOf(classes), List.copyOf(constants));
    }

    /**
     * {@code NAME = value}, or {@code A, B = 1, 2} as one constant each; none for any other line
     * (training code, not the model's).
     */
    private static List<Constant> constants(Line line) {
        List<Token> t = line.tokens();
        int equals = 0;
        while (equals < t.size() && !(t.get(equals).is("=") || t.get(equals).is("(")
                || t.get(equals).is("["))) {
            equals++;
        }
        if (equals == t.size() || !t.get(equals).is("=")) {
            return List.of();
        }
        try {
            PythonExpr target = PythonExpr.parse(t, 0, equals);
            PythonExpr value = PythonExpr.parse(t, equals + 1, t.size());
            if (target instanceof PythonExpr.Name n) {
                return List.of(new Constant(n.id(), value, line.number()));
            }
            if (target instanceof PythonExpr.Sequence names && value instanceof PythonExpr.Sequence
                    values && !values.list() && names.items().size() == values.items().size()
                    && names.items().stream().allMatch(PythonExpr.Name.class::isInstance)) {
                List<Constant> each = new ArrayList<>();
                for (int k = 0; k < names.items().size(); k++) {
                    each.add(new Constant(((PythonExpr.Name) names.items().get(k)).id(),
                            values.items().get(k), line.number()));
                }
                return each;
            }
        } catch (PythonExpr.SyntaxProblem notAConstant) {
            // a top-level assignment of something else: training code, not the model's
        }
        return List.of();
    }

    /** {@code class Net(nn.Module):}, or a subclass of {@code torch.nn.Module}. */
    private static boolean isModule(Line line) {
        List<Token> t = line.tokens();
        StringBuilder bases = new StringBuilder();
        for (int i = 2; i < t.size(); i++) {
            bases.append(t.get(i).text());
        }
        return t.size() > 2 && t.get(1).kind() == PythonLines.Kind.NAME
                && bases.toString().matches("\\((torch\\.)?(nn\\.)?Module\\):");
    }

    /** The index after the last line of the block that line {@code header} opens. */
    static int blockEnd(List<Line> lines, int header) {
        int indent = lines.get(header).indent();
        int end = header + 1;
        int last = header + 1;
        for (; end < lines.size(); end++) {
            Line l = lines.get(end);
            if (l.isComment()) {
                continue;
            }
            if (l.indent() <= indent) {
                break;
            }
            last = end + 1;
        }
        return last;
    }

    /** The class body's own assignments, at its indent: the class attributes. */
    private static List<Constant> attributes(List<Line> body) {
        List<Constant> attributes = new ArrayList<>();
        int indent = -1;
        for (Line line : body) {
            if (line.isComment()) {
                continue;
            }
            indent = indent < 0 ? line.indent() : indent;
            if (line.indent() == indent && line.first().kind() == PythonLines.Kind.NAME) {
                attributes.addAll(constants(line));
            }
        }
        return List.copyOf(attributes);
    }

    private static Map<String, Method> methods(List<Line> body) {
        Map<String, Method> methods = new LinkedHashMap<>();
        int indent = -1;
        for (int n = 0; n < body.size(); n++) {
            Line line = body.get(n);
            if (line.isComment()) {
                continue;
            }
            indent = indent < 0 ? line.indent() : indent;
            if (line.indent() == indent && line.startsWith("def") && line.tokens().size() > 2) {
                int end = blockEnd(body, n);
                methods.put(line.tokens().get(1).text(), method(line, body.subList(n + 1, end)));
                n = end - 1;
            }
        }
        return methods;
    }

    /** {@code def forward(self, x):}, {@code def __init__(self, dropout=0.1, device='cpu'):}. */
    private static Method method(Line header, List<Line> body) {
        List<Token> t = header.tokens();
        List<String> names = new ArrayList<>();
        List<PythonExpr> defaults = new ArrayList<>();
        int i = 3;
        while (i < t.size() && !t.get(i).is(")")) {
            if (t.get(i).is("*") || t.get(i).is("**") || t.get(i).is("/")) {
                i++;
                if (i < t.size() && t.get(i).kind() != PythonLines.Kind.NAME) {
                    continue;
                }
            }
            String name = t.get(i).text();
            int depth = 0;
            int equals = -1;
            i++;
            while (i < t.size() && !(depth == 0 && (t.get(i).is(",") || t.get(i).is(")")))) {
                depth += "([{".contains(t.get(i).text()) && t.get(i).kind() == PythonLines.Kind.OP
                        ? 1 : ")]}".contains(t.get(i).text())
                        && t.get(i).kind() == PythonLines.Kind.OP ? -1 : 0;
                equals = equals < 0 && depth == 0 && t.get(i).is("=") ? i : equals;
                i++;
            }
            names.add(name);
            PythonExpr fallback = null;
            if (equals >= 0) {
                try {
                    fallback = PythonExpr.parse(t, equals + 1, i);
                } catch (PythonExpr.SyntaxProblem unreadable) {
                    // a default no layer can use: known only as unknown
                }
            }
            defaults.add(fallback);
            if (i < t.size() && t.get(i).is(",")) {
                i++;
            }
        }
        // A parameter without a default has null: List.copyOf would refuse it.
        return new Method(header, List.copyOf(names), Collections.unmodifiableList(defaults),
                List.copyOf(body));
    }
}
