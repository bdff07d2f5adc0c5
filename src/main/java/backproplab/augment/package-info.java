/**
 * Augmentation seen: training digits as the recipe's random rotation and shift move them, drawn
 * by the very code and generator that training uses, so a learner sees what the model sees.
 */
package backproplab.augment;
