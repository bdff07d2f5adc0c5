/** The design page: a model file computed as it is typed, and the models folder's files saved. */
package backproplab.lab.design;
