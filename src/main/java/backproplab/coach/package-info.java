/**
 * Hints from a run's curves and mistakes: the rules of thumb the course teaches for reading
 * them (over-fitting, a rate too low or too high, a target touched but not held, the digits
 * most confused), each applied only when its condition holds and naming the figures that
 * decide it. The lab's run page and {@code report} show them; neither decides anything here.
 */
package backproplab.coach;
