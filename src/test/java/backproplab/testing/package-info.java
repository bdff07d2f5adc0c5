/**
 * What tests share across packages: the outside programs some of them drive, found on this
 * machine or else the test skipped, saying which (ExternalTools).
 */
package backproplab.testing;
