/** The backprop page: the 2-2-2 network's sweep, its chain rules and its workbook. */
package backproplab.lab.backprop;
