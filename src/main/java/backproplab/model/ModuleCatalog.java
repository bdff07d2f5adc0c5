package backproplab.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The layers a model file may use, each with PyTorch's own argument list (names, order and
 * defaults), so that a line copied from a notebook binds as Python would bind it. One table:
 * the parser and its error messages come from here.
 */
public final class ModuleCatalog {

    /** Marks an argument without a default: it must be given. */
    static final Object REQUIRED = new Object();

    /** One argument: its name in PyTorch and its default (or {@link #REQUIRED}). */
    record Param(String name, Object fallback) {}

    /** A layer's name, its arguments in PyTorch's order, and how the bound values make it. */
    record Signature(String name, List<Param> params, Function<Args, Module> make) {
        String parameterNames() {
            return params.stream().map(Param::name).collect(Collectors.joining(", "));
        }
    }

    private static final Map<String, Signature> SIGNATURES = new LinkedHashMap<>();

    private static void define(String name, Function<Args, Module> make, Object... params) {
        Param[] list = new Param[params.length / 2];
        for (int i = 0; i < list.length; i++) {
            list[i] = new Param((String) params[2 * i], params[2 * i + 1]);
        }
        SIGNATURES.put(name, new Signature(name, List.of(list), make));
    }

    static {
        define("Conv2d", a -> {
            int kernel = a.square("kernel_size");
            int dilation = a.square("dilation");
            int padding = a.padding(kernel, dilation);
            // The mode decides what the padded border holds; with no padding there is none, and
            // PyTorch computes the same whatever the mode says.
            if (padding > 0) {
                a.only("padding_mode", "zeros", "a border of other than zeros");
            }
            return new Module.Conv2d(a.integer("in_channels"), a.integer("out_channels"), kernel,
                    a.square("stride"), padding, dilation, a.integer("groups"), a.bool("bias"));
        }, "in_channels", REQUIRED, "out_channels", REQUIRED, "kernel_size", REQUIRED,
                "stride", 1L, "padding", 0L, "dilation", 1L, "groups", 1L, "bias", true,
                "padding_mode", "zeros");
        define("BatchNorm2d", a -> {
            a.only("affine", true, "a BatchNorm2d without its scale and shift");
            a.only("track_running_stats", true, "a BatchNorm2d without running statistics");
            return new Module.BatchNorm2d(a.integer("num_features"), a.number("eps"),
                    a.number("momentum"));
        }, "num_features", REQUIRED, "eps", 1e-5, "momentum", 0.1, "affine", true,
                "track_running_stats", true);
        for (Module.Activation.Kind kind : Module.Activation.Kind.values()) {
            String argument = kind.argument();
            Function<Args, Module> make = a -> new Module.Activation(kind,
                    argument == null ? 0 : a.number(argument));
            if (argument != null) {
                define(kind.name(), make, argument, (double) kind.defaultAlpha(), "inplace", false);
            } else if (kind == Module.Activation.Kind.GELU) {
                define(kind.name(), a -> {
                    a.only("approximate", "none", "GELU's tanh approximation");
                    return make.apply(a);
                }, "approximate", "none");
            } else if (kind == Module.Activation.Kind.Sigmoid
                    || kind == Module.Activation.Kind.Tanh) {
                define(kind.name(), make);
            } else {
                define(kind.name(), make, "inplace", false);
            }
        }
        define("Dropout", a -> new Module.Dropout(a.number("p"), false), "p", 0.5, "inplace",
                false);
        define("Dropout2d", a -> new Module.Dropout(a.number("p"), true), "p", 0.5, "inplace",
                false);
        define("MaxPool2d", a -> {
            a.only("dilation", 1L, "a dilated pooling window");
            a.only("return_indices", false, "returning the indices");
            a.only("ceil_mode", false, "ceil_mode");
            int kernel = a.square("kernel_size");
            return new Module.Pool2d(true, kernel, a.isNone("stride") ? kernel
                    : a.square("stride"), a.square("padding"));
        }, "kernel_size", REQUIRED, "stride", null, "padding", 0L, "dilation", 1L,
                "return_indices", false, "ceil_mode", false);
        define("AvgPool2d", a -> {
            a.only("ceil_mode", false, "ceil_mode");
            a.only("count_include_pad", true, "count_include_pad=False");
            a.only("divisor_override", null, "divisor_override");
            int kernel = a.square("kernel_size");
            return new Module.Pool2d(false, kernel, a.isNone("stride") ? kernel
                    : a.square("stride"), a.square("padding"));
        }, "kernel_size", REQUIRED, "stride", null, "padding", 0L, "ceil_mode", false,
                "count_include_pad", true, "divisor_override", null);
        define("AdaptiveAvgPool2d", a -> {
            if (a.square("output_size") != 1) {
                throw new LayerProblem("only output_size=1 (global average pooling) is"
                        + " supported");
            }
            return new Module.GlobalAvgPool();
        }, "output_size", REQUIRED);
        define("Flatten", a -> {
            a.only("start_dim", 1L, "flattening from another dimension");
            a.only("end_dim", -1L, "flattening up to another dimension");
            return new Module.Flatten();
        }, "start_dim", 1L, "end_dim", -1L);
        define("Linear", a -> new Module.Linear(a.integer("in_features"),
                a.integer("out_features"), a.bool("bias")),
                "in_features", REQUIRED, "out_features", REQUIRED, "bias", true);
        define("LogSoftmax", a -> {
            if (!a.isNone("dim") && a.integer("dim") != 1 && a.integer("dim") != -1) {
                throw new LayerProblem("dim must be 1, the classes (was " + a.integer("dim")
                        + ")");
            }
            return new Module.LogSoftmax();
        }, "dim", null);
    }

    private ModuleCatalog() {}

    static Signature signature(String name) {
        return SIGNATURES.get(name);
    }

    /** "Conv2d, BatchNorm2d, ReLU, ...": for an error that names an unknown layer. */
    public static String names() {
        return String.join(", ", SIGNATURES.keySet());
    }

    /** The nearest known name, for "did you mean": a case slip or one letter off. */
    static String nearest(String name) {
        return Arrays.stream(SIGNATURES.keySet().toArray(String[]::new))
                .filter(known -> known.equalsIgnoreCase(name) || distance(known, name) <= 2)
                .findFirst().orElse(null);
    }

    private static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int up = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
                        diagonal + (Character.toLowerCase(a.charAt(i - 1))
                                == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1));
                diagonal = up;
            }
        }
        return row[b.length()];
    }
}
