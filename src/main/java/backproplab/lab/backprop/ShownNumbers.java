package backproplab.lab.backprop;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The one place that decides how the lab writes a number: nine significant digits, enough for the
 * published worked examples (Mazur's 0.298371109) and short enough for a label on the drawing.
 * The page shows these strings as they are, so the page and any test that formats the Java value
 * here agree to the last digit.
 */
public final class ShownNumbers {

    public static final int SIGNIFICANT_DIGITS = 9;
    /**
     * Half-up from the double's shortest decimal form, as {@code String.format} rounds: the console
     * table's %e and the page then agree on every digit both show. (It is also several times
     * faster than expanding the exact binary value, and the page writes ~80,000 numbers a sweep.)
     */
    private static final MathContext ROUNDING =
            new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_UP);

    private ShownNumbers() {}

    /** Plain decimals from 1e-4 to 1e6, scientific ("1.96837541e-4") outside; no trailing zeros. */
    public static String format(double x) {
        if (x == 0) {
            return "0";
        }
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        BigDecimal rounded = BigDecimal.valueOf(x).round(ROUNDING).stripTrailingZeros();
        double magnitude = Math.abs(x);
        if (magnitude >= 1e-4 && magnitude < 1e6) {
            return rounded.toPlainString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + exponent;
    }
}
