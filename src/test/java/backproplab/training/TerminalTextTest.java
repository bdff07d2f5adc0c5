package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The epoch rows and the closing line fit the terminal's width, from 40 columns up, and break only
 * between fields (the progress line: {@code console/ProgressTest}).
 */
@Tag("locale")
class TerminalTextTest {

    private static final EpochMetrics WIDEST = new EpochMetrics(100, 12.3456789, 0.1, 2.5,
            1.0, 1.0, 1.234e-7, 9_000, 900);

    @Test
    void epochRowsAndTheirHeaderFitEightyColumnsOnOneLineEach() {
        for (boolean holdout : new boolean[] {false, true}) {
            EpochMetrics m = holdout ? WIDEST : new EpochMetrics(100, 12.3456789, 0.1, 2.5,
                    1.0, null, 1.234e-7, 9_000, 900);
            assertThat(EpochMetrics.header(holdout, 80)).doesNotContain("\n").hasSizeLessThan(80);
            assertThat(m.line(100, 80)).doesNotContain("\n").hasSizeLessThan(80);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 45, 52, 60, 70})
    void onANarrowTerminalRowsBreakBetweenColumnsInStepWithTheHeader(int width) {
        List<String> header = EpochMetrics.header(true, width).lines().toList();
        List<String> row = WIDEST.line(100, width).lines().toList();
        assertThat(header).hasSizeGreaterThan(1).hasSameSizeAs(row);
        for (int k = 0; k < header.size(); k++) {
            assertThat(header.get(k).length()).isLessThan(width);
            // Right-aligned columns of one width: a column's end lies at the same place in both.
            assertThat(row.get(k)).hasSameSizeAs(header.get(k));
        }
        assertThat(String.join(" ", row)).contains("10.00%",
                "100.00%", "1.23e-07", "9900.0 s");
    }

    @Test
    void aValueWiderThanItsColumnStillStandsApart() {
        EpochMetrics slow = new EpochMetrics(1, 0.5, 0.9, 0.4, 0.91, null, 0.01, 123_456, 0);
        assertThat(slow.line(1, 200)).endsWith("1.00e-02 123456.0 s");
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 60, 80, 120})
    void theClosingLineBreaksBetweenItsParts(int width) {
        List<EpochMetrics> history = List.of(WIDEST);
        String text = RunSummary.line(history, 1_234_567, 3_725, width);
        text.lines().forEach(l -> assertThat(l.length()).as(l).isLessThan(width));
        // WIDEST keeps a holdout: the holdout chose the best epoch, as it chose best.ckpt.
        assertThat(text.replace("\n  ", " ")).isEqualTo("best holdout 100.00% (epoch 100),"
                + " its test 100.00%, last 100.00%, first >= 99.4%: epoch 100, 1,234,567"
                + " parameters, 62m05s");
    }
}
