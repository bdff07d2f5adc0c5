/**
 * The 2-2-2 sigmoid network of the course worked by hand: {@link backproplab.backprop.TinyNetwork}
 * keeps the forward pass and the eight chain-rule gradients side by side, written by hand on
 * purpose (no autograd), and the sweep over learning rates becomes a workbook of live formulas,
 * charts and network diagrams. Nothing here uses libtorch.
 */
package backproplab.backprop;
