/**
 * What every capability shares: values checked as a user sets them ({@link backproplab.Bounds},
 * {@link backproplab.OptionText}) and the one exception that names the option or field at fault
 * ({@link backproplab.InvalidValueException}), so that the CLI and the lab say the same words.
 */
package backproplab;
