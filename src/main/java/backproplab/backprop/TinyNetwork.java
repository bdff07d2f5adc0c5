package backproplab.backprop;

/**
 * The 2-2-2 sigmoid network of the "Backpropagation and Advanced Architectures" session, worked by
 * hand: two inputs, two hidden neurons, two outputs, sigmoid everywhere, squared error. The
 * course's network has no biases; Matt Mazur's "A Step by Step Backpropagation Example" adds b1,
 * shared by both hidden neurons, and b2, shared by both outputs ({@link Biases#NONE} is the
 * course's network).
 *
 * <p>Forward and backward sit side by side, like micrograd, so each gradient can be read next to
 * the value it differentiates. The names follow the course sheet (h1, a_h1, o1, a_o1, E1, ...).
 */
public final class TinyNetwork {

    private TinyNetwork() {}

    /** The two inputs i1, i2. */
    public record Inputs(double i1, double i2) {}

    /** The two targets t1, t2. */
    public record Targets(double t1, double t2) {}

    /** w1..w4 feed the hidden layer (w1, w2 into h1; w3, w4 into h2), w5..w8 the output layer. */
    public record Weights(double w1, double w2, double w3, double w4,
                          double w5, double w6, double w7, double w8) {

        public static Weights of(double... w) {
            if (w.length != 8) {
                throw new IllegalArgumentException("expected 8 weights, got " + w.length);
            }
            return new Weights(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
        }

        public double[] toArray() {
            return new double[] {w1, w2, w3, w4, w5, w6, w7, w8};
        }

        /** Gradient descent: all eight weights move at once, each against its own gradient. */
        public Weights step(Gradients g, double learningRate) {
            double[] w = toArray();
            double[] d = g.toArray();
            for (int k = 0; k < 8; k++) {
                w[k] -= learningRate * d[k];
            }
            return of(w);
        }
    }

    /** b1 is added to both hidden neurons' sums, b2 to both outputs' sums. */
    public record Biases(double b1, double b2) {

        /** The course's network: adding 0.0 leaves every sum, and so every number, bit for bit. */
        public static final Biases NONE = new Biases(0, 0);

        public Biases step(Gradients g, double learningRate) {
            return new Biases(b1 - learningRate * g.dB1(), b2 - learningRate * g.dB2());
        }
    }

    /** Every value of one forward pass, named as on the sheet. */
    public record Forward(double h1, double aH1, double h2, double aH2,
                          double o1, double aO1, double o2, double aO2,
                          double e1, double e2) {
        public double eTotal() {
            return e1 + e2;
        }
    }

    /** ∂E_total/∂w1 .. ∂E_total/∂w8, then ∂E_total/∂b1 and ∂E_total/∂b2. */
    public record Gradients(double dW1, double dW2, double dW3, double dW4,
                            double dW5, double dW6, double dW7, double dW8,
                            double dB1, double dB2) {
        /** The eight weight gradients, in the order of {@link Weights#toArray()}. */
        public double[] toArray() {
            return new double[] {dW1, dW2, dW3, dW4, dW5, dW6, dW7, dW8};
        }
    }

    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** σ'(x) written through the activation a = σ(x): the form the sheet and the derivation use. */
    public static double sigmoidSlope(double a) {
        return a * (1.0 - a);
    }

    public static Forward forward(Inputs in, Targets t, Weights w) {
        return forward(in, t, w, Biases.NONE);
    }

    public static Forward forward(Inputs in, Targets t, Weights w, Biases b) {
        double h1 = w.w1() * in.i1() + w.w2() * in.i2() + b.b1();
        double aH1 = sigmoid(h1);
        double h2 = w.w3() * in.i1() + w.w4() * in.i2() + b.b1();
        double aH2 = sigmoid(h2);
        double o1 = w.w5() * aH1 + w.w6() * aH2 + b.b2();
        double aO1 = sigmoid(o1);
        double o2 = w.w7() * aH1 + w.w8() * aH2 + b.b2();
        double aO2 = sigmoid(o2);
        double e1 = 0.5 * (t.t1() - aO1) * (t.t1() - aO1);
        double e2 = 0.5 * (t.t2() - aO2) * (t.t2() - aO2);
        return new Forward(h1, aH1, h2, aH2, o1, aO1, o2, aO2, e1, e2);
    }

    public static Gradients backward(Inputs in, Targets t, Weights w, Forward f) {
        // Output layer: δo = ∂E/∂o = ∂E/∂a_o · ∂a_o/∂o = (a_o − t) · a_o(1 − a_o).
        double deltaO1 = (f.aO1() - t.t1()) * sigmoidSlope(f.aO1());
        double deltaO2 = (f.aO2() - t.t2()) * sigmoidSlope(f.aO2());
        // ∂o/∂w is the activation the weight multiplies.
        double dW5 = deltaO1 * f.aH1();
        double dW6 = deltaO1 * f.aH2();
        double dW7 = deltaO2 * f.aH1();
        double dW8 = deltaO2 * f.aH2();
        // Hidden layer: a_h1 reaches E through o1 (via w5) and o2 (via w7); a_h2 through w6 and w8.
        // Each hidden neuron uses its own slope: a_h2(1 − a_h2) belongs to w3, w4 (a known sheet
        // bug puts a_h1 there).
        double deltaH1 = (deltaO1 * w.w5() + deltaO2 * w.w7()) * sigmoidSlope(f.aH1());
        double deltaH2 = (deltaO1 * w.w6() + deltaO2 * w.w8()) * sigmoidSlope(f.aH2());
        double dW1 = deltaH1 * in.i1();
        double dW2 = deltaH1 * in.i2();
        double dW3 = deltaH2 * in.i1();
        double dW4 = deltaH2 * in.i2();
        // ∂h/∂b = ∂o/∂b = 1, and a shared bias collects the delta of every neuron it feeds.
        double dB1 = deltaH1 + deltaH2;
        double dB2 = deltaO1 + deltaO2;
        return new Gradients(dW1, dW2, dW3, dW4, dW5, dW6, dW7, dW8, dB1, dB2);
    }
}
