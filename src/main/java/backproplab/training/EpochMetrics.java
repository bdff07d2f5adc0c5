package backproplab.training;

/**
 * One line of metrics.csv: how an epoch went. Accuracies are fractions in [0, 1];
 * {@code holdoutAccuracy} is null unless the run keeps a holdout set.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testLoss,
                           double testAccuracy, Double holdoutAccuracy, double learningRate,
                           double trainSeconds, double testSeconds) {

    /** The accuracy that picks the best epoch: the holdout's if there is one, else the test's. */
    public double selectionAccuracy() {
        return holdoutAccuracy != null ? holdoutAccuracy : testAccuracy;
    }

    /**
     * The best epoch of a run: the highest {@link #selectionAccuracy()}, the later one of a tie.
     * best.ckpt and the closing line both follow it.
     */
    public static EpochMetrics best(java.util.List<EpochMetrics> history) {
        EpochMetrics best = null;
        for (EpochMetrics m : history) {
            if (best == null || m.selectionAccuracy() >= best.selectionAccuracy()) {
                best = m;
            }
        }
        return best;
    }

    public String line(int epochs) {
        return String.format("epoch %2d/%d  train loss %.4f acc %6.2f%%  test loss %.4f acc %6.2f%%"
                        + "%s  lr %.5f  %5.1f s", epoch, epochs, trainLoss, 100 * trainAccuracy,
                testLoss, 100 * testAccuracy,
                holdoutAccuracy == null ? "" : String.format("  holdout %6.2f%%", 100 * holdoutAccuracy),
                learningRate, trainSeconds + testSeconds);
    }
}
