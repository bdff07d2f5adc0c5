package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineChartsTest {

    /** Ticks as a chart library spaces them: 1, 2 or 5 times a power of ten, about 5-10 of them. */
    private static List<Double> niceTicks(double min, double max) {
        double raw = (max - min) / 8;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / power < 2 ? power : raw / power < 5 ? 2 * power : 5 * power;
        List<Double> ticks = new ArrayList<>();
        for (double v = Math.ceil(min / step) * step; v <= max + step / 1e6; v += step) {
            ticks.add(v);
        }
        return ticks;
    }

    @ParameterizedTest
    @CsvSource({"0.0096, 0.0142", "0, 0.0142", "0.0000021, 0.0142", "98.5, 100", "0, 2.3",
        "1, 15", "0.35, 1.08", "0, 0.1", "87.2, 99.6"})
    void neighbouringLinearTicksNeverPrintAlikeAndAlwaysLeadWithADigit(double min, double max) {
        DecimalFormat format = new DecimalFormat(LineCharts.linearPattern(min, max));
        List<String> labels = niceTicks(min, max).stream().map(format::format).toList();
        assertThat(labels).doesNotHaveDuplicates().allMatch(l -> !l.startsWith("."));
        // One notation per axis: all labels carry the same number of decimals.
        assertThat(labels.stream().map(l -> l.contains(".") ? l.length() - l.indexOf('.') : 0)
                .distinct()).hasSize(1);
    }

    @Test
    void aLogAxisUsesOneNotationForAllItsDecades() {
        DecimalFormat small = new DecimalFormat(LineCharts.logPattern(2e-6));
        assertThat(List.of(1e-2, 1e-3, 1e-4, 1e-5, 1e-6).stream().map(small::format))
                .containsExactly("1E-2", "1E-3", "1E-4", "1E-5", "1E-6");
        DecimalFormat plain = new DecimalFormat(LineCharts.logPattern(0.02));
        assertThat(List.of(1.0, 0.5, 0.1, 0.05, 0.02).stream().map(plain::format))
                .containsExactly("1", "0.5", "0.1", "0.05", "0.02");
    }
}
