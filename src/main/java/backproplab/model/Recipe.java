package backproplab.model;

/**
 * How a model is trained by default. Every field is also an option of {@code train}, which starts
 * from the model's recipe and overrides only what the user names. A recipe checks itself by the
 * rules of {@link RecipeField}, so the command line, the lab, a run's settings.json and a
 * checkpoint all pass the same rules; a failure names the option. Build one by name with
 * {@link #builder()} or {@link #toBuilder()}.
 *
 * @param learningRate the fixed rate, the starting rate of a step schedule, or OneCycle's peak
 * @param stepEvery    step schedule: epochs between two cuts of the learning rate (0: a third of
 *                     the epochs)
 * @param stepGamma    step schedule: the factor of each cut
 * @param rotation     random rotation, ± degrees
 * @param shift        random translation, ± pixels
 */
public record Recipe(int epochs, int batchSize, Optimizer optimizer, float learningRate,
                     float momentum, boolean nesterov, float weightDecay, Schedule schedule,
                     int stepEvery, float stepGamma, float rotation, float shift,
                     float labelSmoothing, float dropout) {

    /**
     * Far more than any MNIST recipe needs (they use 64-256), and small enough that a batch's
     * activations and gradients stay within a laptop's memory: {@code fast}, the widest model,
     * peaks at 2.8 GB at this size. A batch of a million images overflowed the int size of its
     * pixel buffer.
     */
    public static final int MAX_BATCH_SIZE = 4096;

    /** A run of this many MNIST epochs would take weeks on a CPU: a typo, not a plan. */
    public static final int MAX_EPOCHS = 1000;

    /** The highest dropout rate: at 1 nothing would pass a dropout layer. */
    public static final float MAX_DROPOUT = 0.95f;

    public enum Optimizer { SGD, ADAM, ADAMW }

    public enum Schedule { NONE, STEP, ONECYCLE }

    /** Written out, not compact: the rules read the fields once they are set. */
    public Recipe(int epochs, int batchSize, Optimizer optimizer, float learningRate,
                  float momentum, boolean nesterov, float weightDecay, Schedule schedule,
                  int stepEvery, float stepGamma, float rotation, float shift,
                  float labelSmoothing, float dropout) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.momentum = momentum;
        // Nesterov is a way of taking SGD's momentum step; Adam has none. Settled here rather
        // than refused: the settings of earlier runs say true beside adam and must still load.
        this.nesterov = nesterov && optimizer == Optimizer.SGD;
        this.weightDecay = weightDecay;
        this.schedule = schedule;
        this.stepEvery = stepEvery;
        this.stepGamma = stepGamma;
        this.rotation = rotation;
        this.shift = shift;
        this.labelSmoothing = labelSmoothing;
        this.dropout = dropout;
        for (RecipeField<?> field : RecipeField.ALL) {
            field.check(this);
        }
    }

    /** The S6 notebook: SGD 0.01 with momentum 0.9, batch 128, ±5° rotation, 20 epochs. */
    public static final Recipe NOTEBOOK = builder().epochs(20).batchSize(128).sgd(0.01f, 0.9f)
            .rotation(5).dropout(0.25f).build();

    public Recipe withEpochs(int n) {
        return toBuilder().epochs(n).build();
    }

    /** Plain SGD at 0.01 for one epoch of batch 128, no augmentation: set what differs. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        for (RecipeField<?> field : RecipeField.ALL) {
            field.copy(this, b);
        }
        return b;
    }

    /** Sets fields by name; {@link #build()} checks them all. */
    public static final class Builder {
        private int epochs = 1;
        private int batchSize = 128;
        private Optimizer optimizer = Optimizer.SGD;
        private float learningRate = 0.01f;
        private float momentum;
        private boolean nesterov;
        private float weightDecay;
        private Schedule schedule = Schedule.NONE;
        private int stepEvery;
        private float stepGamma = 0.1f;
        private float rotation;
        private float shift;
        private float labelSmoothing;
        private float dropout;

        private Builder() {}

        public Builder epochs(int n) {
            epochs = n;
            return this;
        }

        public Builder batchSize(int n) {
            batchSize = n;
            return this;
        }

        public Builder optimizer(Optimizer o) {
            optimizer = o;
            return this;
        }

        /** SGD with this rate and momentum. */
        public Builder sgd(float rate, float momentum) {
            return optimizer(Optimizer.SGD).learningRate(rate).momentum(momentum);
        }

        public Builder learningRate(float rate) {
            learningRate = rate;
            return this;
        }

        public Builder momentum(float m) {
            momentum = m;
            return this;
        }

        public Builder nesterov(boolean on) {
            nesterov = on;
            return this;
        }

        public Builder weightDecay(float wd) {
            weightDecay = wd;
            return this;
        }

        public Builder schedule(Schedule s) {
            schedule = s;
            return this;
        }

        public Builder stepEvery(int epochs) {
            stepEvery = epochs;
            return this;
        }

        public Builder stepGamma(float gamma) {
            stepGamma = gamma;
            return this;
        }

        public Builder rotation(float degrees) {
            rotation = degrees;
            return this;
        }

        public Builder shift(float pixels) {
            shift = pixels;
            return this;
        }

        public Builder labelSmoothing(float eps) {
            labelSmoothing = eps;
            return this;
        }

        public Builder dropout(float p) {
            dropout = p;
            return this;
        }

        public Recipe build() {
            return new Recipe(epochs, batchSize, optimizer, learningRate, momentum, nesterov,
                    weightDecay, schedule, stepEvery, stepGamma, rotation, shift, labelSmoothing,
                    dropout);
        }
    }
}
