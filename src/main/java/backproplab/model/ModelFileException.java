package backproplab.model;

import backproplab.InvalidInputException;

/**
 * A model file that cannot be a model, said where: {@code my-net.txt:7:5: nn.Conv2d(16, 12, 3):
 * the layer before gives 8 channels}. The parts stay apart for a page that shows the problem
 * beside its line.
 */
public final class ModelFileException extends InvalidInputException {

    private final int line;
    private final int column;
    private final String problem;

    public ModelFileException(String file, int line, int column, String layer, String problem) {
        super(file + ":" + line + ":" + column + ": " + (layer == null ? "" : layer + ": ")
                + problem);
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String problem() {
        return problem;
    }
}
