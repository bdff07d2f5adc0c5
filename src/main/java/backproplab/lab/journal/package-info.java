/** The learner's journal in the lab: a run's notes, the compare page, and the report handed in. */
package backproplab.lab.journal;
