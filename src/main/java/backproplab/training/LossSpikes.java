package backproplab.training;

import java.util.Arrays;

/**
 * Recognises a training step whose loss jumps far above the epoch's recent steps, so that its
 * gradient can be left out.
 *
 * <p>Why: seen once with {@code tiny}, seed 1, two replicas: step 398 of epoch 11 had a loss of
 * 73.1 after 0.06 the step before, and the update from that single step wrecked the weights (test
 * accuracy 99.04% to 35.17%; the run ended at 84.28%). Later runs of the same command matched it
 * bit for bit up to that step and had 0.016 there. The cause, found since, was a use-after-free
 * in the step's backward pass ({@link GraphNumber}); this stays as a guard. Leaving such a
 * gradient out is what large training runs do with loss spikes; it changes nothing in a run
 * without one.
 *
 * <p>Only the current epoch's steps count, so a resumed epoch judges each step as the
 * uninterrupted run did.
 */
final class LossSpikes {

    /** A spike is over this many times the median of the recent steps ... */
    static final float FACTOR = 20;
    /** ... and over this loss: early in training every loss is large, none is a spike. */
    static final float FLOOR = 1;
    /** The recent steps. */
    static final int WINDOW = 100;
    /** Steps an epoch must have seen before it judges one. */
    static final int MIN_STEPS = 20;
    /**
     * Spikes in a row after which the loss has simply moved: the next such step is accepted, so a
     * real change of level never stops training.
     */
    static final int MAX_IN_A_ROW = 3;

    private final float[] recent = new float[WINDOW];
    private int seen;
    private int inARow;
    /** This epoch's spikes, and the largest of their losses, for the line after the epoch. */
    private int leftOut;
    private float largest;

    void startEpoch() {
        seen = 0;
        inARow = 0;
        leftOut = 0;
        largest = 0;
    }

    /** Whether {@code loss} is a spike; a step that is not one joins the recent steps. */
    boolean isSpike(float loss) {
        if (seen >= MIN_STEPS && loss > FLOOR && loss > FACTOR * median()
                && inARow < MAX_IN_A_ROW) {
            inARow++;
            leftOut++;
            largest = Math.max(largest, loss);
            return true;
        }
        inARow = 0;
        recent[seen++ % WINDOW] = loss;
        return false;
    }

    /** The steps of this epoch judged spikes so far. */
    int leftOut() {
        return leftOut;
    }

    /** The largest of their losses (0 if none). */
    float largest() {
        return largest;
    }

    private float median() {
        float[] sorted = Arrays.copyOf(recent, Math.min(seen, WINDOW));
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
