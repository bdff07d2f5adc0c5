/**
 * The {@code backprop-lab} command line (picocli): each command parses and checks its options,
 * then hands the work to the package that does it. Bad input ends here in one line and exit
 * code 2 ({@code Errors}); nothing below prints to the user about options.
 */
package backproplab.cli;
