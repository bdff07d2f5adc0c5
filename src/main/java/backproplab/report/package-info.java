/**
 * Pictures and files every capability writes: line charts, the confusion matrix, grids of
 * digits, files written to a temporary name and renamed so no half-written file is left, and
 * the list of those a command wrote into a folder, so that it replaces only its own.
 */
package backproplab.report;
