package backproplab.model.python;

import backproplab.model.python.PythonExpr.Binary;
import backproplab.model.python.PythonExpr.Literal;
import backproplab.model.python.PythonExpr.Negative;
import backproplab.model.python.PythonExpr.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The value of an expression a layer's arguments are written with, {@code dropout_value},
 * {@code 16 * 2}, {@code (3, 3)}, computed as Python computes it: {@code Long}, {@code Double},
 * {@code Boolean}, {@code String}, {@code null} (None) and {@code List} (a tuple or list), the
 * values {@code LayerLine} holds. Names are looked up in a scope; one it lacks is a
 * {@link PythonExpr.SyntaxProblem} naming it.
 */
final class PythonValues {

    /** What a scope answers for a name it does not know. */
    static final Object UNKNOWN = new Object();

    private PythonValues() {}

    static Object value(PythonExpr e, Function<PythonExpr, Object> scope) {
        if (e instanceof Literal l) {
            return l.value();
        }
        if (e instanceof Sequence s) {
            List<Object> items = new ArrayList<>();
            for (PythonExpr item : s.items()) {
                items.add(value(item, scope));
            }
            return items;
        }
        if (e instanceof Negative n) {
            Object v = value(n.of(), scope);
            if (v instanceof Long l) {
                return -l;
            }
            if (v instanceof Double d) {
                return -d;
            }
            throw new PythonExpr.SyntaxProblem(n.first(), "'-' of a value that is not a number");
        }
        if (e instanceof Binary b) {
            return arithmetic(b, value(b.left(), scope), value(b.right(), scope));
        }
        Object v = scope.apply(e);
        if (v == UNKNOWN) {
            String name = PythonExpr.dotted(e);
            throw new PythonExpr.SyntaxProblem(e.first(), name != null ? "'" + name
                    + "' has no value backprop-lab can read here (a number, True, False, None,"
                    + " a string or a tuple)" : "not a value backprop-lab can read here");
        }
        return v;
    }

    static Object arithmetic(Binary b, Object left, Object right) {
        if (!(left instanceof Long || left instanceof Double)
                || !(right instanceof Long || right instanceof Double)) {
            throw new PythonExpr.SyntaxProblem(b.first(), "'" + b.operator()
                    + "' of values that are not numbers");
        }
        boolean whole = left instanceof Long && right instanceof Long;
        double x = ((Number) left).doubleValue();
        double y = ((Number) right).doubleValue();
        if (y == 0 && (b.operator().equals("/") || b.operator().equals("//")
                || b.operator().equals("%"))) {
            throw new PythonExpr.SyntaxProblem(b.first(), "division by zero");
        }
        return switch (b.operator()) {
            case "+" -> whole ? (Object) ((Long) left + (Long) right) : (Object) (x + y);
            case "-" -> whole ? (Object) ((Long) left - (Long) right) : (Object) (x - y);
            case "*" -> whole ? (Object) ((Long) left * (Long) right) : (Object) (x * y);
            case "/" -> x / y;
            case "//" -> whole ? (Object) Math.floorDiv((Long) left, (Long) right)
                    : (Object) Math.floor(x / y);
            case "%" -> whole ? (Object) Math.floorMod((Long) left, (Long) right)
                    : (Object) (x - Math.floor(x / y) * y);
            case "**" -> whole && (Long) right >= 0 ? (Object) (long) Math.pow(x, y)
                    : (Object) Math.pow(x, y);
            default -> throw new PythonExpr.SyntaxProblem(b.first(), "'" + b.operator()
                    + "' is not read in a layer's arguments");
        };
    }

    /** A value as Python writes it, for the file a run keeps: 0.1, True, None, (3, 3). */
    static String python(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        if (v instanceof List<?> list) {
            StringBuilder text = new StringBuilder("(");
            for (int i = 0; i < list.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(python(list.get(i)));
            }
            return text.append(list.size() == 1 ? ",)" : ")").toString();
        }
        return v.toString();
    }
}
