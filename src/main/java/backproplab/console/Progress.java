package backproplab.console;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Progress through an epoch or an evaluation: on a terminal one line redrawn in place, as wide as
 * the terminal, with images/s and time left; otherwise a plain line every 10% of the steps (logs
 * and CI output stay readable).
 *
 * <p>A small renderer of our own rather than me.tongfei's progressbar: that library draws from a
 * background thread at a fixed length and lets a line longer than the terminal wrap, which
 * leaves a new line per redraw; here one pure function ({@link #render}) decides what fits, so it
 * is tested at any width without a terminal.
 */
public abstract class Progress implements AutoCloseable {

    /** Advances one step of {@code images} images; {@code status} is shown beside the bar. */
    public abstract void step(int images, Supplier<String> status);

    @Override
    public abstract void close();

    public static Progress of(String task, int steps, PrintStream out) {
        return Terminal.isTerminal() ? new Bar(task, steps, out, Terminal.columns())
                : new Lines(task, steps, out);
    }

    /** Shows nothing: for callers that only want the result. */
    public static Progress none() {
        return new Progress() {
            @Override
            public void step(int images, Supplier<String> status) {}

            @Override
            public void close() {}
        };
    }

    /**
     * The bar's line, at most {@code width - 3} characters: writing into the last column makes
     * some terminals wrap, and the "^C" a terminal echoes after the bar on Ctrl-C must fit on its
     * line too, or it wraps and {@link #close()} clears only the new line, leaving the bar
     * behind. What matters least goes first when space runs out: the status, then the bar, then
     * the speed; the percentage and the time left stay.
     */
    static String render(String task, int done, int steps, double imagesPerSecond,
                         double secondsLeft, String status, int width) {
        int max = width - 3;
        String head = String.format(Locale.ROOT, "%s %3d%%", task, 100 * done / steps);
        // Fixed widths for the numbers that change on every redraw, so the bar does not jitter.
        String speed = imagesPerSecond > 0 ? String.format(Locale.ROOT, "  %6s img/s",
                String.format(Locale.ROOT, "%,d", Math.round(imagesPerSecond))) : "";
        String left = secondsLeft >= 0 ? String.format(Locale.ROOT,
                "  %5s left", clock(secondsLeft)) : "";
        String extra = status.isEmpty() ? "" : "  " + status;
        for (String shown : new String[] {extra, ""}) {
            int room = max - head.length() - speed.length() - left.length() - shown.length() - 3;
            if (room >= 8) {
                int cells = Math.min(room, 30);
                int full = cells * done / steps;
                return head + " [" + "=".repeat(full) + " ".repeat(cells - full) + "]" + shown
                        + speed + left;
            }
        }
        // Without a bar nothing follows the numbers: they need no padding.
        String compactSpeed = speed.isEmpty() ? "" : " " + speed.strip();
        String compactLeft = left.isEmpty() ? "" : " " + left.strip();
        for (String line : new String[] {head + compactSpeed + compactLeft, head + compactLeft}) {
            if (line.length() <= max) {
                return line;
            }
        }
        return head.substring(0, Math.min(head.length(), Math.max(0, max)));
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Counts a task's steps and images; its subclasses say when and how to show them. */
    private abstract static class Counting extends Progress {
        final String task;
        final int steps;
        final PrintStream out;
        final long start = System.nanoTime();
        long images;
        int done;

        Counting(String task, int steps, PrintStream out) {
            this.task = task;
            this.steps = steps;
            this.out = out;
        }

        @Override
        public final void step(int batch, Supplier<String> status) {
            done++;
            images += batch;
            show(status);
        }

        /** After each step: shows where the task is, or waits for a later step. */
        abstract void show(Supplier<String> status);
    }

    private static final class Bar extends Counting {
        /** Redraws at most this often: a terminal cannot show faster, and formatting costs. */
        private static final long REDRAW_NANOS = 200_000_000L;
        private final int width;
        /** Not before the first interval: a speed measured over one batch means nothing. */
        private long lastDraw = start;

        Bar(String task, int steps, PrintStream out, int width) {
            super(task, steps, out);
            this.width = width;
        }

        @Override
        void show(Supplier<String> status) {
            long now = System.nanoTime();
            if (now - lastDraw < REDRAW_NANOS && done < steps) {
                return;
            }
            lastDraw = now;
            double seconds = (now - start) / 1e9;
            double left = seconds * (steps - done) / done;
            // \r returns to the line's start and ESC[K clears what a longer line left there.
            out.print("\r" + render(task, done, steps, images / seconds, left, status.get(),
                    width) + "\033[K");
            out.flush();
        }

        @Override
        public void close() {
            out.print("\r\033[K");
            out.flush();
        }
    }

    private static final class Lines extends Counting {
        private int lastDecile;

        Lines(String task, int steps, PrintStream out) {
            super(task, steps, out);
        }

        @Override
        void show(Supplier<String> status) {
            int decile = 10 * done / steps;
            if (decile > lastDecile && done < steps) {
                lastDecile = decile;
                double seconds = (System.nanoTime() - start) / 1e9;
                String s = status.get();
                out.printf(Locale.ROOT, "  %s %3d%%%s  %,d img/s  %.1f s%n", task, 10 * decile,
                        s.isEmpty() ? "" : "  " + s, Math.round(images / seconds), seconds);
            }
        }

        @Override
        public void close() {}
    }
}
