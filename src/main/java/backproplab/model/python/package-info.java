/**
 * A learner's model as PyTorch code, {@code class Net(nn.Module)} in a {@code .py} file or a
 * Jupyter notebook, read without running any Python into the layers a model file is: the
 * logical lines and tokens, expressions and the values of layers' arguments, the classes and
 * constants of a file, the layers {@code __init__} makes, the chain {@code forward} applies, and
 * a notebook's code cells. What is no chain of layers on one tensor is refused at its line.
 */
package backproplab.model.python;
