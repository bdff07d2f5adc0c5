package backproplab.model.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python source as its logical lines, each a list of tokens with where they are written: a
 * statement that goes on inside brackets or after a backslash is one line, comments are gone,
 * and a line that is only a comment is kept as such (it may name the stage of the layers below
 * it). Nothing is run; code that is not a model (training loops, plots) only has to tokenize,
 * and the tokenizer is lenient so that it always does.
 */
final class PythonLines {

    enum Kind { NAME, NUMBER, STRING, OP }

    /**
     * One token: {@code value} is a number's {@code Long} or {@code Double}, a string's text;
     * {@code start} and {@code end} are offsets in the source, {@code line} and {@code column}
     * count from 1.
     */
    record Token(Kind kind, String text, Object value, int line, int column, int start, int end) {
        boolean is(String s) {
            return kind != Kind.STRING && text.equals(s);
        }
    }

    /**
     * A logical line: {@code indent} in columns, its tokens (none for a comment line), and the
     * comment's text for a line that is only a comment.
     */
    record Line(int indent, int number, List<Token> tokens, String comment) {
        boolean isComment() {
            return tokens.isEmpty();
        }

        Token first() {
            return tokens.get(0);
        }

        Token last() {
            return tokens.get(tokens.size() - 1);
        }

        boolean startsWith(String word) {
            return !tokens.isEmpty() && first().is(word);
        }
    }

    private static final String[] OPERATORS = {"**=", "//=", "...", "->", "**", "//", "==", "!=",
        "<=", ">=", "+=", "-=", "*=", "/=", "%=", ":=", "<<", ">>"};

    private final String s;
    private int i;
    private int line = 1;
    private int lineStart;

    private PythonLines(String s) {
        this.s = s;
    }

    /**
     * A bracket still open at the end of the file: Python refuses the file, and read on, every
     * line after it would be one statement (a class "without forward", a layer "not assigned").
     */
    static final class Unclosed extends RuntimeException {
        final Token open;

        Unclosed(Token open) {
            super("'" + open.text() + "' is never closed");
            this.open = open;
        }
    }

    /** @throws Unclosed where a bracket opened is never closed */
    static List<Line> read(String source) {
        return new PythonLines(source).lines();
    }

    private List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        while (i < s.length()) {
            int indent = indent();
            int number = line;
            if (i >= s.length()) {
                break;
            }
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                newline();
                continue;
            }
            if (c == '#') {
                int end = lineEnd();
                lines.add(new Line(indent, number, List.of(), s.substring(i + 1, end).strip()));
                i = end;
                continue;
            }
            List<Token> tokens = new ArrayList<>();
            List<Token> open = new ArrayList<>();
            int depth = 0;
            while (i < s.length()) {
                c = s.charAt(i);
                if (c == '\n' || c == '\r') {
                    newline();
                    if (depth <= 0) {
                        break;
                    }
                } else if (c == '\\' && i + 1 < s.length()
                        && (s.charAt(i + 1) == '\n' || s.charAt(i + 1) == '\r')) {
                    i++;
                    newline();
                } else if (c == '#') {
                    i = lineEnd();
                } else if (c == ' ' || c == '\t' || c == '\f') {
                    i++;
                } else {
                    Token t = token();
                    if (t.kind() == Kind.OP && "([{".contains(t.text())) {
                        depth++;
                        open.add(t);
                    } else if (t.kind() == Kind.OP && ")]}".contains(t.text())) {
                        depth--;
                        if (!open.isEmpty()) {
                            open.remove(open.size() - 1);
                        }
                    }
                    tokens.add(t);
                }
            }
            if (depth > 0 && !open.isEmpty()) {
                throw new Unclosed(open.get(open.size() - 1));
            }
            if (!tokens.isEmpty()) {
                lines.add(new Line(indent, number, List.copyOf(tokens), null));
            }
        }
        return lines;
    }

    private int indent() {
        int columns = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t'
                || s.charAt(i) == '\f')) {
            columns = s.charAt(i) == '\t' ? (columns / 8 + 1) * 8 : columns + 1;
            i++;
        }
        return columns;
    }

    private void newline() {
        if (s.charAt(i) == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
            i++;
        }
        i++;
        line++;
        lineStart = i;
    }

    private int lineEnd() {
        int end = i;
        while (end < s.length() && s.charAt(end) != '\n' && s.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    private Token token() {
        int start = i;
        int tokenLine = line;
        int column = i - lineStart + 1;
        char c = s.charAt(i);
        int quote = stringStart();
        if (quote >= 0) {
            return string(start, quote, tokenLine, column);
        }
        if (Character.isDigit(c) || c == '.' && i + 1 < s.length()
                && Character.isDigit(s.charAt(i + 1))) {
            return number(start, tokenLine, column);
        }
        if (Character.isLetter(c) || c == '_') {
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i))
                    || s.charAt(i) == '_')) {
                i++;
            }
            String word = s.substring(start, i);
            return new Token(Kind.NAME, word, word, tokenLine, column, start, i);
        }
        for (String op : OPERATORS) {
            if (s.startsWith(op, i)) {
                i += op.length();
                return new Token(Kind.OP, op, op, tokenLine, column, start, i);
            }
        }
        i++;
        String op = String.valueOf(c);
        return new Token(Kind.OP, op, op, tokenLine, column, start, i);
    }

    /** Where the quote of a string begins, after its prefix (r, b, f, u), or -1. */
    private int stringStart() {
        int j = i;
        while (j < s.length() && j - i < 2 && "rRbBuUfF".indexOf(s.charAt(j)) >= 0) {
            j++;
        }
        return j < s.length() && (s.charAt(j) == '\'' || s.charAt(j) == '"') ? j : -1;
    }

    private Token string(int start, int quote, int tokenLine, int column) {
        char q = s.charAt(quote);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), quote);
        String close = triple ? String.valueOf(q).repeat(3) : String.valueOf(q);
        boolean raw = s.substring(start, quote).toLowerCase(Locale.ROOT).contains("r");
        i = quote + close.length();
        StringBuilder text = new StringBuilder();
        while (i < s.length() && !s.startsWith(close, i)) {
            char c = s.charAt(i);
            if (!triple && (c == '\n' || c == '\r')) {
                break;  // an unclosed string ends with its line, as far as we care
            }
            if (c == '\\' && !raw && i + 1 < s.length()) {
                text.append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '\n' || c == '\r') {
                newline();
                text.append('\n');
                continue;
            }
            text.append(c);
            i++;
        }
        i = Math.min(s.length(), i + (s.startsWith(close, i) ? close.length() : 0));
        return new Token(Kind.STRING, s.substring(start, i), text.toString(), tokenLine, column,
                start, i);
    }

    private Token number(int start, int tokenLine, int column) {
        if (s.startsWith("0x", i) || s.startsWith("0X", i) || s.startsWith("0b", i)
                || s.startsWith("0o", i)) {
            i += 2;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i))
                    || s.charAt(i) == '_')) {
                i++;
            }
            String text = s.substring(start, i);
            int radix = "xX".indexOf(text.charAt(1)) >= 0 ? 16 : "bB".indexOf(text.charAt(1)) >= 0
                    ? 2 : 8;
            Object value;
            try {
                value = Long.parseLong(text.substring(2).replace("_", ""), radix);
            } catch (NumberFormatException e) {
                value = null;
            }
            return new Token(Kind.NUMBER, text, value, tokenLine, column, start, i);
        }
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '_'
                || s.charAt(i) == '.' || (s.charAt(i) == 'e' || s.charAt(i) == 'E')
                || (s.charAt(i) == '+' || s.charAt(i) == '-')
                && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E'))) {
            i++;
        }
        String text = s.substring(start, i);
        String digits = text.replace("_", "");
        Object value;
        try {
            value = digits.matches("\\d+") ? (Object) Long.parseLong(digits)
                    : (Object) Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            value = null;
        }
        if (i < s.length() && (s.charAt(i) == 'j' || s.charAt(i) == 'J')) {
            i++;
            value = null;
        }
        return new Token(Kind.NUMBER, s.substring(start, i), value, tokenLine, column, start, i);
    }
}
