package backproplab.model;

/**
 * How a model is trained by default. Every field is also an option of {@code train}, which starts
 * from the model's recipe and overrides only what the user names.
 *
 * @param learningRate the fixed rate, the starting rate of a step schedule, or OneCycle's peak
 * @param stepEvery    step schedule: epochs between two cuts of the learning rate
 * @param stepGamma    step schedule: the factor of each cut
 * @param rotation     random rotation, ± degrees
 * @param shift        random translation, ± pixels
 */
public record Recipe(int epochs, int batchSize, Optimizer optimizer, float learningRate,
                     float momentum, boolean nesterov, float weightDecay, Schedule schedule,
                     int stepEvery, float stepGamma, float rotation, float shift,
                     float labelSmoothing, float dropout) {

    public enum Optimizer { SGD, ADAM, ADAMW }

    public enum Schedule { NONE, STEP, ONECYCLE }

    /** The S6 notebook: SGD 0.01 with momentum 0.9, batch 128, ±5° rotation, 20 epochs. */
    public static final Recipe NOTEBOOK = new Recipe(20, 128, Optimizer.SGD, 0.01f, 0.9f, false,
            0f, Schedule.NONE, 0, 0.1f, 5f, 0f, 0f, 0.25f);

    public Recipe withEpochs(int n) {
        return new Recipe(n, batchSize, optimizer, learningRate, momentum, nesterov, weightDecay,
                schedule, stepEvery, stepGamma, rotation, shift, labelSmoothing, dropout);
    }
}
