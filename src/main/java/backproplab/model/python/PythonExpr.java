package backproplab.model.python;

import backproplab.model.python.PythonLines.Kind;
import backproplab.model.python.PythonLines.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * A Python expression as a tree, as far as a model's definition writes them: names,
 * attributes, calls with keyword arguments, literals, tuples and lists, subscripts and
 * arithmetic. Each node knows its first and last token, so a message can quote it as written.
 * Anything else (a lambda, a comprehension, a comparison) is a {@link SyntaxProblem} at its
 * token: the callers decide whether that matters.
 */
sealed interface PythonExpr {

    Token first();

    Token last();

    /** A number, string, True, False or None; {@code value} as {@link PythonLines} reads it. */
    record Literal(Object value, Token first, Token last) implements PythonExpr {}

    record Name(String id, Token first, Token last) implements PythonExpr {}

    record Attribute(PythonExpr of, String name, Token first, Token last) implements PythonExpr {}

    /** One argument: {@code keyword} is null for a positional one. */
    record Argument(String keyword, PythonExpr value, Token first) {}

    record Call(PythonExpr function, List<Argument> arguments, Token first, Token last)
            implements PythonExpr {}

    record Sequence(List<PythonExpr> items, boolean list, Token first, Token last)
            implements PythonExpr {}

    record Subscript(PythonExpr of, PythonExpr index, Token first, Token last)
            implements PythonExpr {}

    record Binary(String operator, PythonExpr left, PythonExpr right, Token first, Token last)
            implements PythonExpr {}

    record Negative(PythonExpr of, Token first, Token last) implements PythonExpr {}

    /** What cannot be read as an expression of a model, at a token. */
    final class SyntaxProblem extends RuntimeException {
        final Token at;

        SyntaxProblem(Token at, String problem) {
            super(problem, null, false, false);
            this.at = at;
        }
    }

    /** The dotted name an expression is, "nn.Conv2d", "self.conv1"; null if it is none. */
    static String dotted(PythonExpr e) {
        if (e instanceof Name n) {
            return n.id();
        }
        if (e instanceof Attribute a) {
            String of = dotted(a.of());
            return of == null ? null : of + "." + a.name();
        }
        return null;
    }

    /** Reads tokens {@code from} (inclusive) to {@code to} (exclusive) as one expression. */
    static PythonExpr parse(List<Token> tokens, int from, int to) {
        if (from >= to) {
            throw new SyntaxProblem(tokens.get(Math.min(from, tokens.size() - 1)),
                    "an expression is missing");
        }
        Parser p = new Parser(tokens.subList(from, to));
        PythonExpr e = p.tuple();
        if (p.i < p.tokens.size()) {
            Token t = p.tokens.get(p.i);
            throw new SyntaxProblem(t, "'" + t.text() + "' is not understood here");
        }
        return e;
    }

    /** A recursive-descent reader of Python's precedence, from tuples down to atoms. */
    final class Parser {
        /** Far deeper than any layer's arguments; a file nested deeper is refused, not run. */
        private static final int MAX_DEPTH = 100;

        private final List<Token> tokens;
        private int i;
        private int depth;

        private Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        private Token peek() {
            return i < tokens.size() ? tokens.get(i) : null;
        }

        private boolean at(String op) {
            Token t = peek();
            return t != null && t.kind() == Kind.OP && t.text().equals(op);
        }

        private Token expect(String op) {
            Token t = peek();
            if (!at(op)) {
                throw new SyntaxProblem(t != null ? t : tokens.get(tokens.size() - 1),
                        "expected '" + op + "'");
            }
            i++;
            return t;
        }

        /** {@code a, b}: a tuple without parentheses, or one expression. */
        private PythonExpr tuple() {
            Token first = peek();
            PythonExpr e = sum();
            if (!at(",")) {
                return e;
            }
            List<PythonExpr> items = new ArrayList<>(List.of(e));
            Token last = e.last();
            while (at(",")) {
                last = tokens.get(i++);
                if (peek() == null || at(")") || at("]")) {
                    break;
                }
                e = sum();
                items.add(e);
                last = e.last();
            }
            return new Sequence(List.copyOf(items), false, first, last);
        }

        private PythonExpr sum() {
            PythonExpr e = product();
            while (at("+") || at("-")) {
                String op = tokens.get(i++).text();
                PythonExpr right = product();
                e = new Binary(op, e, right, e.first(), right.last());
            }
            return e;
        }

        private PythonExpr product() {
            PythonExpr e = unary();
            while (at("*") || at("/") || at("//") || at("%") || at("@")) {
                String op = tokens.get(i++).text();
                PythonExpr right = unary();
                e = new Binary(op, e, right, e.first(), right.last());
            }
            return e;
        }

        /** Every nesting (brackets, calls, signs) passes here: it is where the depth is kept. */
        private PythonExpr unary() {
            if (++depth > MAX_DEPTH) {
                throw new SyntaxProblem(peek() != null ? peek() : tokens.get(tokens.size() - 1),
                        "nested more than " + MAX_DEPTH + " deep");
            }
            try {
                return signed();
            } finally {
                depth--;
            }
        }

        private PythonExpr signed() {
            if (at("-")) {
                Token minus = tokens.get(i++);
                PythonExpr e = unary();
                return new Negative(e, minus, e.last());
            }
            if (at("+")) {
                i++;
                return unary();
            }
            PythonExpr e = postfix();
            if (at("**")) {
                i++;
                PythonExpr right = unary();
                e = new Binary("**", e, right, e.first(), right.last());
            }
            return e;
        }

        private PythonExpr postfix() {
            PythonExpr e = atom();
            while (true) {
                if (at(".")) {
                    i++;
                    Token name = peek();
                    if (name == null || name.kind() != Kind.NAME) {
                        throw new SyntaxProblem(name != null ? name : e.last(),
                                "expected a name after '.'");
                    }
                    i++;
                    e = new Attribute(e, name.text(), e.first(), name);
                } else if (at("(")) {
                    i++;
                    List<Argument> arguments = new ArrayList<>();
                    while (!at(")")) {
                        arguments.add(argument());
                        if (!at(")")) {
                            expect(",");
                        }
                    }
                    e = new Call(e, List.copyOf(arguments), e.first(), expect(")"));
                } else if (at("[")) {
                    i++;
                    PythonExpr index = tuple();
                    e = new Subscript(e, index, e.first(), expect("]"));
                } else {
                    return e;
                }
            }
        }

        private Argument argument() {
            Token t = peek();
            if (t == null) {
                throw new SyntaxProblem(tokens.get(tokens.size() - 1), "missing ')'");
            }
            if (at("*") || at("**")) {
                throw new SyntaxProblem(t, "*args and **kwargs are not read");
            }
            if (t.kind() == Kind.NAME && i + 1 < tokens.size() && tokens.get(i + 1).is("=")) {
                i += 2;
                return new Argument(t.text(), sum(), t);
            }
            return new Argument(null, sum(), t);
        }

        private PythonExpr atom() {
            Token t = peek();
            if (t == null) {
                throw new SyntaxProblem(tokens.get(tokens.size() - 1), "an expression is missing");
            }
            i++;
            switch (t.kind()) {
                case NUMBER -> {
                    if (t.value() == null) {
                        throw new SyntaxProblem(t, "'" + t.text() + "' is not a number");
                    }
                    return new Literal(t.value(), t, t);
                }
                case STRING -> {
                    if (t.text().matches("(?i)[rbu]*f.*")) {
                        throw new SyntaxProblem(t, "an f-string is not read");
                    }
                    Token last = t;
                    StringBuilder text = new StringBuilder((String) t.value());
                    while (peek() != null && peek().kind() == Kind.STRING) {
                        last = tokens.get(i++);
                        text.append(last.value());
                    }
                    return new Literal(text.toString(), t, last);
                }
                case NAME -> {
                    return switch (t.text()) {
                        case "True" -> new Literal(true, t, t);
                        case "False" -> new Literal(false, t, t);
                        case "None" -> new Literal(null, t, t);
                        case "lambda", "not", "yield", "await", "if", "for", "in", "and", "or",
                             "is" -> throw new SyntaxProblem(t, "'" + t.text()
                                + "' is not read here");
                        default -> new Name(t.text(), t, t);
                    };
                }
                default -> {
                    if (t.is("(") || t.is("[")) {
                        String close = t.is("(") ? ")" : "]";
                        if (at(close)) {
                            return new Sequence(List.of(), t.is("["), t, tokens.get(i++));
                        }
                        PythonExpr inside = tuple();
                        if (at("for")) {
                            throw new SyntaxProblem(peek(), "a comprehension is not read");
                        }
                        Token end = expect(close);
                        if (t.is("[")) {
                            List<PythonExpr> items = inside instanceof Sequence s && !s.list()
                                    && !(s.first() == t) ? s.items() : List.of(inside);
                            return new Sequence(items, true, t, end);
                        }
                        if (inside instanceof Sequence s && !s.list()) {
                            return new Sequence(s.items(), false, t, end);
                        }
                        return inside;
                    }
                    throw new SyntaxProblem(t, "'" + t.text() + "' is not understood here");
                }
            }
        }
    }
}
