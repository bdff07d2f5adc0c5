package backproplab.model;

import java.util.List;
import java.util.Map;

/**
 * The arguments of one layer line, bound to PyTorch's parameter names (defaults filled in), read
 * back as the types the layer needs. A value of the wrong type is a {@link LayerProblem} naming
 * the argument.
 *
 * <p>Values are what the line's Python literals are: {@code Long}, {@code Double},
 * {@code Boolean}, {@code String}, {@code null} (None) and {@code List} (a tuple).
 */
final class Args {

    private final Map<String, Object> values;

    Args(Map<String, Object> values) {
        this.values = values;
    }

    int integer(String name) {
        Object v = values.get(name);
        if (v instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new LayerProblem(name, name + " must be a whole number (was " + python(v) + ")");
    }

    float number(String name) {
        Object v = values.get(name);
        if (v instanceof Long n) {
            return n;
        }
        if (v instanceof Double d) {
            return d.floatValue();
        }
        throw new LayerProblem(name, name + " must be a number (was " + python(v) + ")");
    }

    boolean bool(String name) {
        if (values.get(name) instanceof Boolean b) {
            return b;
        }
        throw new LayerProblem(name, name + " must be True or False (was "
                + python(values.get(name)) + ")");
    }

    boolean isNone(String name) {
        return values.get(name) == null;
    }

    /** A size: 3, or the same number twice, (3, 3); a rectangle is refused. */
    int square(String name) {
        Object v = values.get(name);
        if (v instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Long
                && pair.get(0).equals(pair.get(1))) {
            return integer(name, (Long) pair.get(0));
        }
        if (v instanceof List<?>) {
            throw new LayerProblem(name, name + " must be one number or the same number twice:"
                    + " only square sizes are supported (was " + python(v) + ")");
        }
        return integer(name);
    }

    private static int integer(String name, long n) {
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new LayerProblem(name, name + " is out of range (was " + n + ")");
        }
        return (int) n;
    }

    /** A convolution's padding: a size, or 'valid' (0) or 'same' (the size kept, stride 1). */
    int padding(int kernel, int dilation) {
        Object v = values.get("padding");
        if ("valid".equals(v)) {
            return 0;
        }
        if ("same".equals(v)) {
            int span = dilation * (kernel - 1);
            if (span % 2 != 0 || square("stride") != 1) {
                throw new LayerProblem("padding", "padding='same' needs stride 1 and an odd"
                        + " kernel here; give the padding as a number");
            }
            return span / 2;
        }
        return square("padding");
    }

    /** Refuses any other value of {@code name} than {@code supported}: what it would mean. */
    void only(String name, Object supported, String what) {
        Object v = values.get(name);
        if (v == null ? supported != null : !v.equals(supported)) {
            throw new LayerProblem(name, what + " is not supported (" + name + "="
                    + python(v) + ")");
        }
    }

    /** A value as Python writes it: True, None, 'zeros', (3, 3). */
    static String python(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
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
