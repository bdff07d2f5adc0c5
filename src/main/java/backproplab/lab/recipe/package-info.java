/**
 * What a recipe does before any run: the learning-rate range test and the augmentation grid, as
 * cards of the design page and the runs form. It shows {@code backproplab.lrfind} and
 * {@code backproplab.augment}; it computes nothing of its own.
 */
package backproplab.lab.recipe;
