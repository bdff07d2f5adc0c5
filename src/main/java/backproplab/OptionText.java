package backproplab;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Values read from text as an option or a form field gives them, and written back so they read
 * the same. A failure is an {@link InvalidValueException} of the value's {@code name}, which says
 * what was expected and quotes what came.
 */
public final class OptionText {

    private OptionText() {}

    public static int whole(String name, String text) {
        long n = wholeLong(name, text);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            // It is a whole number: say what is wrong with it instead.
            throw expected(name, String.format(Locale.ROOT, "a whole number from %,d to %,d",
                    Integer.MIN_VALUE, Integer.MAX_VALUE), text);
        }
        return (int) n;
    }

    public static long wholeLong(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw expected(name, "a whole number", text);
        }
    }

    public static float number(String name, String text) {
        try {
            return Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw expected(name, "a number", text);
        }
    }

    public static boolean yesNo(String name, String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(t);
        }
        throw expected(name, "true or false", text);
    }

    /** A constant of {@code type} by its name in any case: "adam" is ADAM. */
    public static <E extends Enum<E>> E choice(String name, String text, Class<E> type) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw expected(name, "one of " + choices(type), text);
        }
    }

    /** "sgd, adam, adamw": the names {@link #choice} reads. */
    public static String choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(OptionText::of)
                .collect(Collectors.joining(", "));
    }

    /**
     * A value as it is typed: a float without the noise of its binary form or an exponent
     * (0.00005, not 5.0E-5), a constant in lower case (onecycle).
     */
    public static String of(Object value) {
        if (value instanceof Float f && Float.isFinite(f)) {
            return new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return String.valueOf(value);
    }

    private static InvalidValueException expected(String name, String what, String text) {
        return new InvalidValueException(name, "expected " + what + ", got '" + text + "'");
    }
}
