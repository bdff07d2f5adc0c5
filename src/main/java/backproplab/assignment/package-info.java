/**
 * An assignment as data: a small text file of rules (parameter and epoch budgets, a test
 * accuracy held over the last epochs, layers required or forbidden), S6's built in, each rule
 * checked against a model before training and against a run after it, with the figure that
 * decides it.
 */
package backproplab.assignment;
