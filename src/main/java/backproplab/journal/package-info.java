/**
 * The learner's log of attempts: a run folder read back as figures, its notes (notes.md, which a
 * learner may edit by hand), runs compared, and the assignment's report written from them.
 */
package backproplab.journal;
