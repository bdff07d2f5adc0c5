package backproplab.journal;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.coach.Hint;
import java.util.List;
import org.junit.jupiter.api.Test;

class HintsReadmeTest {

    @Test
    void eachHintIsABoldFindingItsFiguresAndItsAdvice() {
        Hint over = new Hint.OverFitting(0.998, 0.991, 3);
        Hint pairs = new Hint.ConfusedPairs(List.of(new Hint.ConfusedPairs.Pair(4, 9, 7,
                List.of(12, 3))), 60);
        String text = HintsReadme.section(List.of(over, pairs));
        assertThat(text).isEqualTo("### Hints\n\n"
                + "- **Over-fitting: training accuracy far above test**: train 99.80% vs test"
                + " 99.10% over the last 3 epochs: 0.70 points apart. " + over.advice() + "\n"
                + "- **The digits most confused**: 4 read as 9: 7 (#12, #3) of the 60 mistakes. "
                + pairs.advice() + " The #numbers are test digits, the surest mistakes first,"
                + " as the mistakes above are captioned.\n");
    }

    @Test
    void withoutAHintTheSectionSaysWhatWasLookedFor() {
        assertThat(HintsReadme.section(List.of())).startsWith("### Hints\n\n_No hint: ")
                .contains("over-fitting", "not held").endsWith("._\n");
    }
}
