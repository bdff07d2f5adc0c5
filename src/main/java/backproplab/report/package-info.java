/**
 * Pictures and files every capability writes: line charts, the confusion matrix, grids of
 * digits, and files written to a temporary name and renamed so no half-written file is left.
 */
package backproplab.report;
