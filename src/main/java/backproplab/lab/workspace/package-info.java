/**
 * What several pages read of the learner's folders: a run folder by name, the models folder with
 * the train form's fields, and the MNIST test digits, loaded once for the runs and CNN pages.
 */
package backproplab.lab.workspace;
