package backproplab.assignment;

import backproplab.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An assignment's rules, as a teacher writes them, one a line ({@code #} starts a comment, the
 * first {@code ##} line says what the assignment is):
 *
 * <pre>
 * ## S6: under 20,000 parameters, 99.4% held in 20 epochs
 * parameters &lt; 20000                 (or &lt;=)
 * epochs &lt;= 20                       (or &lt;)
 * accuracy &gt;= 99.4% in each of the last 3 epochs
 * require BatchNorm2d
 * require GAP or Linear
 * forbid Linear
 * </pre>
 *
 * Every error names the file and line. A budget or the accuracy is given at most once.
 *
 * @param name        what the checklist is called: the file's name without its extension
 * @param description the first ## line, or empty
 * @param rules       in the order written
 */
public record Assignment(String name, String description, List<Rule> rules) {

    /** Far larger than any list of rules: a larger file is the wrong file. */
    public static final int MAX_BYTES = 64 * 1024;

    public Assignment {
        rules = List.copyOf(rules);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException(name + ": no rules");
        }
    }

    private static final String NUMBER = "([0-9][0-9,_]*)";
    private static final Pattern PARAMETERS = Pattern.compile("parameters\\s*(<=?)\\s*" + NUMBER);
    private static final Pattern EPOCHS = Pattern.compile("epochs\\s*(<=?)\\s*" + NUMBER);
    private static final Pattern ACCURACY = Pattern.compile("accuracy\\s*>=\\s*"
            + "([0-9]+(?:\\.[0-9]+)?)\\s*%?(?:\\s+(?:in each of|over) the last\\s+" + NUMBER
            + "\\s+epochs?)?");
    private static final Pattern LAYERS = Pattern.compile("(require|forbid)\\s+(.+)");

    /**
     * The course's session 6 assignment, which a run is checked against unless told otherwise;
     * after the patterns, which reading it needs.
     */
    public static final Assignment S6 = builtIn("s6");

    /** A built-in assignment, by name: "s6". */
    static Assignment builtIn(String name) {
        String resource = "/assignments/" + name + ".txt";
        try (InputStream in = Assignment.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return parse(resource, name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * "s6", the built-in, or a teacher's rules file; {@code option} begins every error.
     *
     * @throws InvalidInputException no such file, not text, or a line that is not a rule
     */
    public static Assignment resolve(String given, String option) {
        if (given == null || given.equals(S6.name())) {
            return S6;
        }
        return read(Path.of(given), option + ": " + given);
    }

    /** A rules file; errors begin with {@code shown}. */
    public static Assignment read(Path file, String shown) {
        try {
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(shown + ": a folder, not a rules file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(shown + ": larger than " + MAX_BYTES / 1024
                        + " KB; a rules file is a few lines");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(
                    bytes)).toString();
            return parse(shown, nameOf(file), text);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(shown + ": not a text file (it is not UTF-8)");
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(shown + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(shown + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String nameOf(Path file) {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /** The rules of {@code text}; {@code shown} and the line begin every error. */
    public static Assignment parse(String shown, String name, String text) {
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text)
                .split("\r?\n|\r", -1);
        String description = "";
        List<Rule> rules = new ArrayList<>();
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.startsWith("##")) {
                description = description.isEmpty() ? line.substring(2).strip() : description;
                continue;
            }
            int hash = line.indexOf('#');
            line = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = shown + ":" + (n + 1) + ": ";
            Rule rule;
            try {
                rule = rule(line);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(where + e.getMessage());
            }
            for (Rule earlier : rules) {
                if (earlier.getClass() == rule.getClass() && !(rule instanceof Rule.Layers)) {
                    throw new InvalidInputException(where + "a second " + line.split("\\s")[0]
                            + " rule (the first: " + earlier.line() + ")");
                }
            }
            rules.add(rule);
        }
        if (rules.isEmpty()) {
            throw new InvalidInputException(shown + ": no rules (one a line, as: parameters"
                    + " < 20000)");
        }
        return new Assignment(name, description, rules);
    }

    private static Rule rule(String line) {
        Matcher m;
        String lower = line.toLowerCase(Locale.ROOT);
        if ((m = PARAMETERS.matcher(lower)).matches()) {
            return new Rule.ParameterBudget(number(m.group(2)), m.group(1).equals("<="));
        }
        if ((m = EPOCHS.matcher(lower)).matches()) {
            long limit = number(m.group(2));
            limit = m.group(1).equals("<=") ? limit : limit - 1;
            if (limit < 1 || limit > 10_000) {
                throw new IllegalArgumentException("an epoch budget of 1 to 10,000 epochs: "
                        + line);
            }
            return new Rule.EpochBudget((int) limit);
        }
        if ((m = ACCURACY.matcher(lower)).matches()) {
            long epochs = m.group(2) == null ? 1 : number(m.group(2));
            if (epochs < 1 || epochs > 10_000) {
                throw new IllegalArgumentException("the accuracy held over 1 to 10,000 last"
                        + " epochs: " + line);
            }
            return new Rule.AccuracyHeld(Double.parseDouble(m.group(1)), (int) epochs);
        }
        if ((m = LAYERS.matcher(line)).matches()
                && m.group(1).equals(m.group(1).toLowerCase(Locale.ROOT))) {
            List<String> names = List.of(m.group(2).strip().split("\\s+or\\s+"));
            return new Rule.Layers(names.stream().map(String::strip).toList(),
                    m.group(1).equals("require"));
        }
        throw new IllegalArgumentException("not a rule: " + line + " (a rule is one of:"
                + " parameters < N, epochs <= N, accuracy >= P% in each of the last K epochs,"
                + " require LAYER [or LAYER], forbid LAYER)");
    }

    private static long number(String digits) {
        String plain = digits.replace(",", "").replace("_", "");
        if (plain.length() > 12) {
            throw new IllegalArgumentException(digits + " is too large");
        }
        return Long.parseLong(plain);
    }

    /** The rules as a rules file writes them: what a page shows and a test reads back. */
    public String text() {
        StringBuilder s = new StringBuilder();
        if (!description.isEmpty()) {
            s.append("## ").append(description).append('\n');
        }
        rules.forEach(r -> s.append(r.line()).append('\n'));
        return s.toString();
    }
}
