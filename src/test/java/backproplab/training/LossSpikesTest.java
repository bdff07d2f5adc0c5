package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LossSpikesTest {

    private static LossSpikes afterSteps(int n, float loss) {
        LossSpikes spikes = new LossSpikes();
        spikes.startEpoch();
        for (int i = 0; i < n; i++) {
            assertThat(spikes.isSpike(loss)).isFalse();
        }
        return spikes;
    }

    @Test
    void aJumpFarAboveTheRecentMedianIsASpikeAndTheStepsAfterItAreJudgedAsBefore() {
        LossSpikes spikes = afterSteps(LossSpikes.MIN_STEPS, 0.06f);
        assertThat(spikes.isSpike(73.1f)).isTrue();
        // The spike did not join the recent steps: the next one is judged against 0.06 again.
        assertThat(spikes.isSpike(78.9f)).isTrue();
        assertThat(spikes.isSpike(0.07f)).isFalse();
        // Just under the factor is an ordinary bad step.
        assertThat(spikes.isSpike(LossSpikes.FACTOR * 0.06f * 0.99f)).isFalse();
        // The epoch's tally, for the line after it.
        assertThat(spikes.leftOut()).isEqualTo(2);
        assertThat(spikes.largest()).isEqualTo(78.9f);
    }

    @Test
    void nothingIsASpikeBeforeTheEpochHasSeenEnoughStepsOrBelowTheFloor() {
        assertThat(afterSteps(LossSpikes.MIN_STEPS - 1, 0.01f).isSpike(50f)).isFalse();
        // Early in training: a loss of 0.9 after 0.01s is large, but under the floor.
        assertThat(afterSteps(LossSpikes.MIN_STEPS, 0.01f).isSpike(0.9f)).isFalse();
    }

    @Test
    void aNewEpochForgetsThePreviousOne() {
        LossSpikes spikes = afterSteps(LossSpikes.MIN_STEPS, 0.05f);
        assertThat(spikes.isSpike(40f)).isTrue();
        spikes.startEpoch();
        assertThat(spikes.leftOut()).isZero();
        assertThat(spikes.isSpike(40f)).isFalse();
    }

    @Test
    void theMedianIsOfTheLastWindowOfSteps() {
        LossSpikes spikes = afterSteps(LossSpikes.WINDOW, 0.01f);
        for (int i = 0; i < LossSpikes.WINDOW; i++) {
            assertThat(spikes.isSpike(0.09f)).isFalse();
        }
        // The 0.01s have left the window: 1.5 is under 20 times the median of 0.09.
        assertThat(spikes.isSpike(1.5f)).isFalse();
    }

    @Test
    void aLossThatStaysUpIsANewLevelNotASpike() {
        LossSpikes spikes = afterSteps(LossSpikes.MIN_STEPS, 0.05f);
        for (int i = 0; i < LossSpikes.MAX_IN_A_ROW; i++) {
            assertThat(spikes.isSpike(5f)).isTrue();
        }
        assertThat(spikes.isSpike(5f)).isFalse();
    }
}
