package backproplab.console;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Whether output goes to a terminal, how wide it is, and text laid out to fit it. */
public final class Terminal {

    /** What a terminal of unknown width is taken to be, and the width of logs. */
    public static final int DEFAULT_COLUMNS = 80;
    /** Narrower than this, nothing is laid out to fit any more. */
    static final int MIN_COLUMNS = 40;

    private Terminal() {}

    public static boolean isTerminal() {
        return System.console() != null;
    }

    /** The width to lay text out for: the terminal's, or {@value #DEFAULT_COLUMNS} in a log. */
    public static int width() {
        return isTerminal() ? columns() : DEFAULT_COLUMNS;
    }

    /**
     * The terminal's width: {@code $COLUMNS} if the shell exports it, else what {@code stty}
     * reports for the controlling terminal, else {@value #DEFAULT_COLUMNS}.
     */
    public static int columns() {
        Integer fromEnv = parse(System.getenv("COLUMNS"));
        if (fromEnv != null) {
            return Math.max(MIN_COLUMNS, fromEnv);
        }
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty")).redirectErrorStream(true).start();
            String size = new String(stty.getInputStream().readAllBytes(),
                    StandardCharsets.US_ASCII).trim();
            if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0) {
                String[] rowsColumns = size.split("\\s+");
                Integer columns = rowsColumns.length == 2 ? parse(rowsColumns[1]) : null;
                if (columns != null) {
                    return Math.max(MIN_COLUMNS, columns);
                }
            }
        } catch (IOException e) {
            // No stty or no terminal: the default width below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_COLUMNS;
    }

    private static Integer parse(String number) {
        try {
            int n = number == null ? 0 : Integer.parseInt(number.trim());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Fields joined into lines of at most {@code width - 1} characters, broken only between
     * fields; each continuation line starts with {@code indent}. A field longer than a line
     * stands alone on its line.
     */
    public static String wrap(List<String> fields, int width, String indent) {
        StringBuilder text = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (line.length() > 0 && line.length() + field.length() > width - 1) {
                text.append(line.toString().stripTrailing()).append('\n');
                line.setLength(0);
                line.append(indent);
            }
            line.append(field);
        }
        return text.append(line.toString().stripTrailing()).toString();
    }
}
