/**
 * Training and evaluating a CNN with DJL on libtorch: one model replica per core, the loss, the
 * optimizer and its schedules, checkpoints that resume exactly, the run folder's records and
 * metrics, non-finite numbers told apart (divergence or a numerical fault), and the export back
 * to PyTorch.
 */
package backproplab.training;
