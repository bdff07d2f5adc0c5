package backproplab.training;

import java.io.PrintStream;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress through an epoch: a live bar on a terminal, a plain line every 10% of the steps
 * otherwise (logs and CI output stay readable).
 */
public abstract class Progress implements AutoCloseable {

    /** Advances one step; {@code status} is shown beside the bar or on the periodic line. */
    public abstract void step(Supplier<String> status);

    @Override
    public abstract void close();

    public static Progress of(String task, int steps, PrintStream out) {
        return System.console() != null ? new Bar(task, steps) : new Lines(task, steps, out);
    }

    private static final class Bar extends Progress {
        private final ProgressBar bar;
        private int done;

        Bar(String task, int steps) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(steps)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(110).clearDisplayOnFinish().build();
        }

        @Override
        public void step(Supplier<String> status) {
            // Formatting the status for every step would cost more than the bar shows.
            if (++done % 10 == 0) {
                bar.setExtraMessage(status.get());
            }
            bar.step();
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class Lines extends Progress {
        private final String task;
        private final int steps;
        private final PrintStream out;
        private final long start = System.nanoTime();
        private int done;
        private int lastDecile;

        Lines(String task, int steps, PrintStream out) {
            this.task = task;
            this.steps = steps;
            this.out = out;
        }

        @Override
        public void step(Supplier<String> status) {
            done++;
            int decile = 10 * done / steps;
            if (decile > lastDecile && done < steps) {
                lastDecile = decile;
                out.printf("  %s %3d%%  %s  %.1f s%n", task, 10 * decile, status.get(),
                        (System.nanoTime() - start) / 1e9);
            }
        }

        @Override
        public void close() {}
    }
}
