/**
 * MNIST as training reads it: the IDX files (checked against their published SHA-256, downloaded
 * only when missing), the digits in memory, the recipe's random affine augmentation and the
 * shuffled batches of a seed.
 */
package backproplab.data;
