/**
 * A model is data: layers as types that keep their shape rule, receptive field, parameters,
 * MACs, DJL block and PyTorch words side by side ({@code Module}); model files in PyTorch's words
 * parsed once into an {@code Architecture}; the built-in models; the recipe and its one table of
 * fields; the summary and the PyTorch module written back.
 */
package backproplab.model;
