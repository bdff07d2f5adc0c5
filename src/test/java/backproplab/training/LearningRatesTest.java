package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backproplab.model.Recipe;
import org.junit.jupiter.api.Test;

class LearningRatesTest {

    @Test
    void oneCycleRisesToItsPeakAtThirtyPercentThenFallsToPeakOver250000() {
        LearningRates.OneCycle c = new LearningRates.OneCycle(0.1f, 1000);
        assertThat(c.getNewValue(1)).isCloseTo(0.1f / 25, within(1e-7f));
        assertThat(c.getNewValue(300)).isCloseTo(0.1f, within(1e-4f));
        assertThat(c.getNewValue(150)).isBetween(0.03f, 0.07f);
        assertThat(c.getNewValue(1000)).isCloseTo(0.1f / 25 / 1e4f, within(1e-9f));
        float previous = Float.MAX_VALUE;
        for (int n = 301; n <= 1000; n++) {
            assertThat(c.getNewValue(n)).isLessThanOrEqualTo(previous);
            previous = c.getNewValue(n);
        }
    }

    @Test
    void stepCutsTheRateEveryPeriod() {
        var step = LearningRates.step(0.1f, 0.5f, 10);
        assertThat(step.getNewValue(1)).isEqualTo(0.1f);
        assertThat(step.getNewValue(10)).isEqualTo(0.1f);
        assertThat(step.getNewValue(11)).isCloseTo(0.05f, within(1e-8f));
        assertThat(step.getNewValue(25)).isCloseTo(0.025f, within(1e-8f));
    }

    @Test
    void aStepScheduleWithoutAPeriodCutsAfterEachThirdOfTheRun() {
        Recipe r = Recipe.builder().epochs(9).sgd(0.1f, 0.9f).schedule(Recipe.Schedule.STEP)
                .stepGamma(0.1f).build();
        var tracker = LearningRates.of(r, 10);
        assertThat(tracker.getNewValue(30)).isEqualTo(0.1f);
        assertThat(tracker.getNewValue(31)).isCloseTo(0.01f, within(1e-8f));
        assertThat(tracker.getNewValue(61)).isCloseTo(0.001f, within(1e-9f));
    }
}
