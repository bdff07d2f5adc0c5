package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One definition of the best epoch: best.ckpt and the closing line agree. */
@Tag("locale")
class RunSummaryTest {

    private static EpochMetrics epoch(int n, double test, Double holdout) {
        return new EpochMetrics(n, 0.1, 0.99, 0.05, test, holdout, 0.01, 10, 1);
    }

    @Test
    void withAHoldoutTheBestEpochIsTheHoldoutsNotTheTestSets() {
        // Epoch 2 has the better test accuracy, epoch 3 the better holdout accuracy.
        List<EpochMetrics> history = List.of(epoch(1, 0.990, 0.985), epoch(2, 0.995, 0.986),
                epoch(3, 0.993, 0.991));
        assertThat(EpochMetrics.best(history).epoch()).isEqualTo(3);
        assertThat(RunSummary.line(history, 7864, 75, 200)).startsWith(
                "best holdout 99.10% (epoch 3), its test 99.30%, last 99.30%");
    }

    @Test
    void withoutAHoldoutTheTestSetChoosesAndATieGoesToTheLaterEpoch() {
        List<EpochMetrics> history = List.of(epoch(1, 0.990, null), epoch(2, 0.994, null),
                epoch(3, 0.994, null));
        assertThat(EpochMetrics.best(history).epoch()).isEqualTo(3);
        assertThat(RunSummary.line(history, 7864, 75, 200)).startsWith(
                "best test accuracy 99.40% (epoch 3), last 99.40%, first >= 99.4%: epoch 2");
    }
}
