/** The CNN page: a test digit or a drawing through a run's best model, layer by layer. */
package backproplab.lab.cnn;
