package backproplab.lab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("locale")
class ShownNumbersTest {

    /** Rounded by hand from the exact values: nine significant digits, no trailing zeros. */
    @ParameterizedTest
    @CsvSource({
        "0.298371108760003, 0.298371109",
        "0.05, 0.05",
        "2, 2",
        "-0.0821670405623, -0.0821670406",
        "0.000196837541, 0.000196837541",
        "0.0000196837541, 1.96837541e-5",
        "-3.51018778e-05, -3.51018778e-5",
        "123456.7891234, 123456.789",
        "1234567.891, 1.23456789e6",
        "0.99999999996, 1",
        "0, 0",
    })
    void writesNineSignificantDigits(double x, String shown) {
        assertThat(ShownNumbers.format(x)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({"0.298371108760003", "1.96837541e-5", "-0.0123456789123", "7.5e-12"})
    void whatIsShownReadsBackToTheValueWithinItsLastDigit(double x) {
        double back = Double.parseDouble(ShownNumbers.format(x));
        assertThat(Math.abs(back - x)).isLessThanOrEqualTo(Math.abs(x) * 5e-9);
    }
}
