/**
 * The learning-rate range test (Smith 2015, as fastai and torch-lr-finder run it): a fresh copy
 * of a model trained for a few hundred steps with the rate growing exponentially, its loss
 * smoothed, stopped when the loss explodes, and a rate suggested by a stated rule.
 */
package backproplab.lrfind;
