/**
 * Inside a trained CNN: a learner's picture prepared as MNIST prepared its digits, one image
 * followed layer by layer (probabilities, feature maps, the first kernels), and the
 * {@code predict} and {@code inspect} commands with their pictures.
 */
package backproplab.inspect;
