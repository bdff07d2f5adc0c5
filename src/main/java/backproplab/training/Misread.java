package backproplab.training;

import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A test digit the model got wrong: what {@code evaluate} keeps of each in {@link #FILE}, so that
 * a later reader (the report's hints) knows which digits were confused without evaluating again.
 *
 * @param index       the test image, from 0
 * @param probability the probability the model gave its (wrong) prediction
 */
public record Misread(int index, int truth, int predicted, float probability) {

    /** One row a misread digit, the surest first, as {@link Mistakes#mostConfidentFirst}. */
    public static final String FILE = "mistakes.csv";
    private static final String HEADER = "index,truth,predicted,probability";

    public Misread {
        if (index < 0 || truth < 0 || truth >= Evaluation.CLASSES || predicted < 0
                || predicted >= Evaluation.CLASSES || truth == predicted) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "not a misread digit: #%d %d as %d", index, truth, predicted));
        }
    }

    /** Writes {@code misread} to {@code file}, atomically. */
    public static void write(Path file, List<Misread> misread) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Misread m : misread) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%.6f%n", m.index, m.truth,
                    m.predicted, m.probability));
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    /**
     * The rows of {@code file}.
     *
     * @throws IOException if it cannot be read, or is not a file {@link #write} wrote (the line
     *                     that is not is named)
     */
    public static List<Misread> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": line 1: expected the header " + HEADER);
        }
        List<Misread> rows = new ArrayList<>();
        for (int k = 1; k < lines.size(); k++) {
            String[] f = lines.get(k).split(",", -1);
            try {
                if (f.length != 4) {
                    throw new IllegalArgumentException("expected 4 fields, got " + f.length);
                }
                rows.add(new Misread(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                        Integer.parseInt(f[2]), Float.parseFloat(f[3])));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": line " + (k + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }
}
