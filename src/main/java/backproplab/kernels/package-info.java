/**
 * Whether libtorch's numbers can be trusted on this machine: the CPU named precisely, oneDNN's
 * cache sizes mended where a VM hides them, every convolution shape a model uses checked in
 * float32 against float64 before it is trusted ({@code KernelGuard}), the switch between
 * oneDNN's kernels and libtorch's own, and {@code doctor}.
 */
package backproplab.kernels;
