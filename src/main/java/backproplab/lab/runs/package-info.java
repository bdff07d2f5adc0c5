/**
 * The runs and run pages: the runs folder read as data, training from the page, a run's test
 * verdicts, and the event stream that keeps the pages live.
 */
package backproplab.lab.runs;
