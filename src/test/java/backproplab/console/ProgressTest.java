package backproplab.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The progress line fits the terminal's width, from 40 columns up, keeping what matters most. */
@Tag("locale")
class ProgressTest {

    @ParameterizedTest
    @ValueSource(ints = {40, 41, 50, 63, 79, 80, 100, 200})
    void theProgressLineLeavesRoomForTheEchoedCtrlC(int width) {
        for (int done : new int[] {1, 117, 234, 469}) {
            String line = Progress.render("epoch 100/100", done, 469, 123_456.7, 3_725,
                    "loss 12.3456 acc 100.00%", width);
            // "^C" after the line still ends before the last column.
            assertThat((line + "^C").length()).as(line).isLessThanOrEqualTo(width - 1);
            assertThat(line).startsWith("epoch 100/100 ").contains("%", "left");
        }
    }

    @Test
    void atFortyColumnsSpeedAndTimeLeftOutrankTheBar() {
        assertThat(Progress.render("epoch 3/15", 235, 470, 3812, 67, "loss 0.1234 acc 96.12%",
                40)).isEqualTo("epoch 3/15  50% 3,812 img/s 1:07 left");
    }

    @Test
    void atEightyColumnsTheBarShowsSpeedAndTimeLeft() {
        String line = Progress.render("epoch 3/15", 235, 470, 3812, 67, "loss 0.1234 acc 96.12%",
                80);
        assertThat(line).contains(" 50% [", "loss 0.1234 acc 96.12%", "3,812 img/s",
                "1:07 left");
        String bar = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
        // Half the steps done: half of the bar's cells filled, give or take the odd cell.
        long filled = bar.chars().filter(c -> c == '=').count();
        assertThat(Math.abs(2 * filled - bar.length())).isLessThanOrEqualTo(1);
    }
}
