package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.data.Digits;
import org.junit.jupiter.api.Test;

class MistakesTest {

    @Test
    void theMistakesTheModelWasSurestOfComeFirstAndRightAnswersNotAtAll() {
        byte[] labels = {1, 2, 3, 4, 5, 6};
        Digits digits = new Digits(new byte[6 * Digits.PIXELS], labels, 6);
        int[] predicted = {1, 7, 3, 9, 0, 8};
        float[] confidence = {0.99f, 0.55f, 0.999f, 0.97f, 0.55f, 0.80f};
        Evaluation.Result result = new Evaluation.Result(0, 0.33, predicted, confidence);
        // Ties (#1 and #4 at 55%) keep the order of the test set.
        assertThat(Mistakes.mostConfidentFirst(digits, result)).containsExactly(3, 5, 1, 4);
    }

    @Test
    void theCaptionNamesImageTruthPredictionAndAProbabilityThatNeverRoundsUpToCertainty() {
        assertThat(Mistakes.caption(1234, 7, 1, 0.9823f)).isEqualTo("#1234 7\u21921 98.2%");
        assertThat(Mistakes.caption(5, 4, 9, 0.99996f)).isEqualTo("#5 4\u21929 99.9%");
    }
}
