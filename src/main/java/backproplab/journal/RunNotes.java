package backproplab.journal;

import static backproplab.Bounds.present;

import backproplab.InvalidValueException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a learner writes down about one attempt, as the assignment asks: the Target (what this
 * attempt tries and why), the Results (what it got) and the Analysis (what that says, and what
 * to try next). Each is Markdown, without its heading; line ends are {@code \n}, leading blank
 * lines and trailing white space are dropped.
 */
public record RunNotes(String target, String results, String analysis) {

    /** Far more than a page of notes: a field this large is a mistake, not notes. */
    public static final int MAX_FIELD_BYTES = 64 * 1024;

    /** The sections in the order the file has them, each with its field's name. */
    public enum Section {
        TARGET("Target"), RESULTS("Results"), ANALYSIS("Analysis");

        private final String heading;

        Section(String heading) {
            this.heading = heading;
        }

        /** "Target": the section's heading. */
        public String heading() {
            return heading;
        }

        /** "target": the field of the notes, in JSON and in errors. */
        public String field() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A line that starts a section: "## Target", and as hand edits write it, "# results:" or
     * "##Analysis". Deeper headings ("### Target") are the learner's own, inside a section.
     */
    private static final Pattern HEADING = Pattern.compile(
            "(?i) {0,3}#{1,2}\\s*(target|results|analysis)\\s*:?\\s*#*\\s*");

    public RunNotes {
        target = clean(Section.TARGET, target);
        results = clean(Section.RESULTS, results);
        analysis = clean(Section.ANALYSIS, analysis);
    }

    /** Notes of a run not written about yet: its figures as the start of its Results. */
    public static RunNotes prefilled(RunFigures figures) {
        return new RunNotes("", figures.results(), "");
    }

    public static RunNotes empty() {
        return new RunNotes("", "", "");
    }

    public String text(Section section) {
        return switch (section) {
            case TARGET -> target;
            case RESULTS -> results;
            case ANALYSIS -> analysis;
        };
    }

    /** The section {@code line} starts, or null: the one rule for reading and writing. */
    static Section sectionStartedBy(String line) {
        Matcher m = HEADING.matcher(line);
        return m.matches() ? Section.valueOf(m.group(1).toUpperCase(Locale.ROOT)) : null;
    }

    /** The text without blank lines before it or white space after it. */
    static String tidy(String text) {
        return unixLines(text).replaceFirst("^([ \\t]*\n)+", "").stripTrailing();
    }

    /** Every line ending in \n, whether written on Windows, an old Mac or a browser. */
    static String unixLines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String clean(Section section, String text) {
        present(section.field(), text);
        String cleaned = tidy(text);
        int bytes = cleaned.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_FIELD_BYTES) {
            throw new InvalidValueException(section.field(), String.format(Locale.ROOT,
                    "%,d bytes; at most %d KB", bytes, MAX_FIELD_BYTES / 1024));
        }
        for (String line : cleaned.split("\n")) {
            if (sectionStartedBy(line) != null) {
                throw new InvalidValueException(section.field(), "the line '" + line.strip()
                        + "' would start a section of its own; use ### for a heading inside"
                        + " the " + section.heading());
            }
        }
        return cleaned;
    }
}
