package backproplab;

/**
 * The checks behind every rule on a value, for the records that validate themselves. A failure
 * names the value the way a user sets it (its option) and says what is allowed.
 */
public final class Bounds {

    private Bounds() {}

    public static int between(String name, int value, int low, int high) {
        if (value < low || value > high) {
            throw new InvalidValueException(name, "must be between " + low + " and " + high
                    + ", got " + value);
        }
        return value;
    }

    public static int atLeast(String name, int value, int low) {
        return between(name, value, low, Integer.MAX_VALUE);
    }

    /** Also refuses NaN, which every comparison lets through. */
    public static float between(String name, float value, float low, float high) {
        if (!(value >= low && value <= high)) {
            throw new InvalidValueException(name, "must be between " + low + " and " + high
                    + ", got " + value);
        }
        return value;
    }

    public static float positive(String name, float value) {
        return (float) positive(name, (double) value);
    }

    public static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new InvalidValueException(name, "must be a finite number > 0, got " + value);
        }
        return value;
    }

    public static <T> T present(String name, T value) {
        if (value == null) {
            throw new InvalidValueException(name, "missing");
        }
        return value;
    }
}
