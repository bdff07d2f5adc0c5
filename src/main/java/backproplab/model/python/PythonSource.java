package backproplab.model.python;

import backproplab.model.ModelFileException;
import java.util.List;

/**
 * Python code and where each of its lines is written: a {@code .py} file's lines are its own,
 * a notebook's are in its cells ({@link NotebookCells}). Every problem is said at the learner's
 * line: {@code model.py:12:9: ...} or {@code net.ipynb cell 7:3:9: ...}.
 */
record PythonSource(String code, String shown, List<String> files, List<Integer> lines) {

    static PythonSource file(String code, String shown) {
        return new PythonSource(code, shown, null, null);
    }

    static PythonSource notebook(NotebookCells cells, String shown) {
        return new PythonSource(cells.code(), shown, cells.files(), cells.lines());
    }

    /** The file (or the notebook's cell) line {@code line} of the code is in. */
    String file(int line) {
        return files == null || line < 1 || line > files.size() ? shown : files.get(line - 1);
    }

    /** Line {@code line} of the code as the learner counts it: in its file, or in its cell. */
    int line(int line) {
        return lines == null || line < 1 || line > lines.size() ? line : lines.get(line - 1);
    }

    ModelFileException problem(int line, int column, String written, String problem) {
        return new ModelFileException(file(line), line(line), column, written, problem);
    }

    /** The code from offset {@code start} to {@code end} on one line, as a message quotes it. */
    String quote(int start, int end) {
        String text = code.substring(start, end).replaceAll("\\s+", " ")
                .replaceAll("\\( ", "(").replaceAll(",? \\)", ")").strip();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
