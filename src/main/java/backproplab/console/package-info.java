/**
 * What the terminal shows: a progress bar that redraws in place on a terminal and prints plain
 * lines in a log, text laid out to the terminal's width, and file paths shown the short way.
 */
package backproplab.console;
