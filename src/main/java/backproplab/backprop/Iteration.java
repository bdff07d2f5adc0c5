package backproplab.backprop;

import backproplab.backprop.TinyNetwork.Biases;
import backproplab.backprop.TinyNetwork.Forward;
import backproplab.backprop.TinyNetwork.Gradients;
import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import backproplab.backprop.TinyNetwork.Weights;

/**
 * One row of the sheet: the weights and biases going in, the forward pass they give, and their
 * gradients.
 */
public record Iteration(int number, Weights weights, Biases biases, Forward forward,
                        Gradients gradients) {

    /**
     * The first value of this row, in the sheet's order, that is not a finite number ("h1 =
     * Infinity"), or null when all are finite.
     */
    public String firstNonFinite(Inputs in, Targets t) {
        for (SheetColumns c : SheetColumns.values()) {
            double v = c.valueOf(in, t, this);
            if (!Double.isFinite(v)) {
                return c.header() + " = " + v;
            }
        }
        return null;
    }
}
