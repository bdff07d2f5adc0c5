package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * {@link LearningRates.OneCycle} against PyTorch's {@code torch.optim.lr_scheduler.OneCycleLR}
 * (torch 1.13, python3-torch) with the parameters OneCycle fixes: pct_start 0.3, div_factor 25,
 * final_div_factor 1e4, cosine annealing, two phases, no momentum cycling. PyTorch's step k (the
 * rate of the (k+1)-th optimizer step) is DJL's update k + 1. The rates are floats (DJL's
 * Tracker), so they can agree to a float's precision, 1e-7 relative, and must.
 */
class OneCycleTest {

    /**
     * lean's length, 15 epochs of 469 batches, at a peak of 0.1 (its recipe's until it moved to
     * 0.15; any peak checks the same arithmetic). From
     * <pre>
     * python3 -c "import torch
     * o = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=.1)
     * s = torch.optim.lr_scheduler.OneCycleLR(o, max_lr=.1, total_steps=7035, pct_start=.3,
     *     div_factor=25, final_div_factor=1e4, anneal_strategy='cos', cycle_momentum=False)
     * r = [(s.get_last_lr()[0], o.step(), s.step())[0] for _ in range(7034)] + s.get_last_lr()
     * print([r[k] for k in (0, 1, 469, 1000, 2109, 2110, 2111, 3517, 6000, 7000, 7033, 7034)])"
     * </pre>
     */
    private static final int[] LEAN_STEPS = {0, 1, 469, 1000, 2109, 2110, 2111, 3517, 6000, 7000,
        7033, 7034};
    private static final double[] LEAN_TORCH = {0.0040000000000000036, 0.004000053229433892,
        0.015240079703465942, 0.0480905615587952, 0.0999999866926397, 0.09999999745637118,
        0.0999999771073421, 0.08116209459301134, 0.010489772806083429, 1.2161278675202263e-05,
        4.101745150496986e-07, 4e-07};

    /**
     * A run of 10 steps, peak 0.3, where the warm-up ends on a whole step (2). From the same
     * one-liner with {@code lr=.3, max_lr=.3, total_steps=10, range(9)} and printing all of r.
     */
    private static final double[] SHORT_TORCH = {0.01200000000000001, 0.156, 0.3,
        0.2851453896040421, 0.24352369618492894, 0.18337860658088678, 0.11662259341911323,
        0.05647750381507109, 0.014855810395957887, 1.2e-06};

    @Test
    void matchesPyTorchOnLeansSchedule() {
        LearningRates.OneCycle ours = new LearningRates.OneCycle(0.1f, 15 * 469);
        for (int k = 0; k < LEAN_STEPS.length; k++) {
            assertThat((double) ours.getNewValue(LEAN_STEPS[k] + 1)).as("step %d", LEAN_STEPS[k])
                    .isCloseTo(LEAN_TORCH[k], within(1e-7 * LEAN_TORCH[k]));
        }
    }

    @Test
    void matchesPyTorchOnAShortRunStepByStep() {
        LearningRates.OneCycle ours = new LearningRates.OneCycle(0.3f, 10);
        for (int k = 0; k < SHORT_TORCH.length; k++) {
            assertThat((double) ours.getNewValue(k + 1)).as("step %d", k)
                    .isCloseTo(SHORT_TORCH[k], within(1e-7 * SHORT_TORCH[k]));
        }
    }

    @Test
    void staysAtTheFinalRatePastTheEndWherePyTorchWouldRaise() {
        LearningRates.OneCycle ours = new LearningRates.OneCycle(0.3f, 10);
        assertThat((double) ours.getNewValue(11)).isCloseTo(SHORT_TORCH[9], within(1e-12));
    }
}
