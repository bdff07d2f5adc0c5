package backproplab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One layer as a model file writes it, {@code nn.Conv2d(1, 8, 3, padding=1, bias=False),} read
 * into its name and arguments (a line may hold several, separated by commas), each with the
 * column it starts at. The values are Python literals: numbers, True/False/None, quoted strings
 * and tuples. What the arguments mean is {@link ModuleCatalog}'s business.
 */
public record LayerLine(String name, int column, List<Argument> arguments) {

    /** One argument: {@code keyword} is null for a positional one. */
    public record Argument(String keyword, Object value, int column) {}

    /** A slip in the line's syntax, at a column of it (from 1). */
    static final class SyntaxProblem extends RuntimeException {
        final int column;

        SyntaxProblem(int column, String problem) {
            super(problem, null, false, false);
            this.column = column;
        }
    }

    /** Reads {@code text}: the layers of one line, {@code nn.Conv2d(1, 8, 3), nn.ReLU(),}. */
    static List<LayerLine> parse(String text) {
        Reader reader = new Reader(text);
        List<LayerLine> layers = new ArrayList<>();
        do {
            layers.add(reader.layer());
        } while (!reader.atEnd());
        return layers;
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        LayerLine layer() {
            skipSpace();
            int start = i;
            String name = dotted();
            if (name.startsWith("torch.nn.")) {
                name = name.substring("torch.nn.".length());
            } else if (name.startsWith("nn.")) {
                name = name.substring("nn.".length());
            }
            if (name.isEmpty() || name.contains(".")) {
                throw new SyntaxProblem(start + 1, "expected a layer such as nn.Conv2d(1, 8, 3)");
            }
            skipSpace();
            if (!take('(')) {
                throw new SyntaxProblem(i + 1, "expected '(' after " + name
                        + " (a layer is written as a call: nn." + name + "(...))");
            }
            List<Argument> arguments = new ArrayList<>();
            skipSpace();
            while (!take(')')) {
                if (i >= s.length()) {
                    throw new SyntaxProblem(start + 1, "missing ')': the parentheses do not"
                            + " balance");
                }
                arguments.add(argument());
                skipSpace();
                if (!take(',') && peek() != ')') {
                    throw new SyntaxProblem(i + 1, i >= s.length() ? "missing ')'"
                            : "expected ',' or ')' but found '" + s.charAt(i) + "'");
                }
                skipSpace();
            }
            skipSpace();
            boolean comma = take(',');
            skipSpace();
            if (i < s.length() && !(comma && Character.isLetter(s.charAt(i)))) {
                throw new SyntaxProblem(i + 1, "unexpected text after the layer: '"
                        + s.substring(i).strip() + "'");
            }
            return new LayerLine(name, start + 1, List.copyOf(arguments));
        }

        boolean atEnd() {
            skipSpace();
            return i >= s.length();
        }

        private Argument argument() {
            int start = i;
            int mark = i;
            String word = identifier();
            skipSpace();
            boolean keyword = peek() == '=' && (i + 1 >= s.length() || s.charAt(i + 1) != '=');
            if (!word.isEmpty() && keyword) {
                i++;
                skipSpace();
                return new Argument(word, value(), start + 1);
            }
            i = mark;
            return new Argument(null, value(), start + 1);
        }

        private Object value() {
            skipSpace();
            int start = i;
            char c = peek();
            if (c == '(') {
                i++;
                List<Object> items = new ArrayList<>();
                skipSpace();
                while (!take(')')) {
                    if (i >= s.length()) {
                        throw new SyntaxProblem(start + 1, "missing ')' of this tuple");
                    }
                    items.add(value());
                    skipSpace();
                    if (!take(',') && peek() != ')') {
                        throw new SyntaxProblem(i + 1, "expected ',' or ')' in the tuple");
                    }
                    skipSpace();
                }
                return List.copyOf(items);
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new SyntaxProblem(start + 1, "unclosed string");
                }
                i = end + 1;
                return s.substring(start + 1, end);
            }
            String word = identifier();
            switch (word) {
                case "True":
                    return true;
                case "False":
                    return false;
                case "None":
                    return null;
                case "":
                    return number(start);
                default:
                    throw new SyntaxProblem(start + 1, "'" + word + "' is not a value: write"
                            + " numbers, True, False, None or 'text'");
            }
        }

        private Object number(int start) {
            while (i < s.length() && "+-0123456789.eE_".indexOf(s.charAt(i)) >= 0
                    && !(i > start && (s.charAt(i) == '+' || s.charAt(i) == '-')
                    && "eE".indexOf(s.charAt(i - 1)) < 0)) {
                i++;
            }
            String text = s.substring(start, i).replace("_", "");
            if (text.isEmpty()) {
                throw new SyntaxProblem(start + 1, i < s.length() ? "unexpected '" + s.charAt(i)
                        + "'" : "a value is missing");
            }
            try {
                if (text.matches("[+-]?\\d+")) {
                    return Long.parseLong(text);
                }
                double d = Double.parseDouble(text);
                if (!Double.isFinite(d) || text.endsWith("d") || text.endsWith("f")) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new SyntaxProblem(start + 1, "'" + text + "' is not a number");
            }
        }

        private String dotted() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i))
                    || s.charAt(i) == '_' || s.charAt(i) == '.')) {
                i++;
            }
            return s.substring(start, i);
        }

        private String identifier() {
            int start = i;
            if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i))
                        || s.charAt(i) == '_')) {
                    i++;
                }
            }
            return s.substring(start, i);
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private boolean take(char c) {
            if (peek() == c && i < s.length()) {
                i++;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
