package backproplab.backprop;

import backproplab.backprop.TinyNetwork.Biases;
import backproplab.backprop.TinyNetwork.Forward;
import backproplab.backprop.TinyNetwork.Gradients;
import backproplab.backprop.TinyNetwork.Weights;

/**
 * One row of the sheet: the weights and biases going in, the forward pass they give, and their
 * gradients.
 */
public record Iteration(int number, Weights weights, Biases biases, Forward forward,
                        Gradients gradients) {}
