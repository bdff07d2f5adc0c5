package backproplab.lab.cnn;

import backproplab.data.Digits;
import backproplab.inspect.InspectJob;
import backproplab.inspect.Inspection;
import backproplab.inspect.Inspector;
import backproplab.lab.http.NotFoundException;
import backproplab.lab.workspace.TestDigits;
import backproplab.training.Checkpoint;
import backproplab.training.EpochMetrics;
import backproplab.training.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CNN page's state: the runs folder, the one model open at a time (reopened when its
 * best.ckpt changes, as it does while a run trains) and the MNIST test digits, read on first use.
 * One request at a time inspects: a 2-core machine gains nothing from two.
 */
final class CnnLab implements AutoCloseable {

    /** A run is named by its folder's name, never by a path. */
    private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path runs;
    private final TestDigits test;
    private String openRun;
    private FileTime openVersion;
    private Inspector inspector;

    CnnLab(Path runs, TestDigits test) {
        this.runs = runs;
        this.test = test;
    }

    /** A run the page can open: a folder under the runs folder with a best model. */
    record RunView(String name, String model, int epoch, double bestAccuracy) {}

    List<RunView> runs() throws IOException {
        List<RunView> found = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path dir : dirs.sorted(Comparator.reverseOrder()).toList()) {
                Path best = dir.resolve(RunFolder.BEST);
                if (RUN_NAME.matcher(dir.getFileName().toString()).matches()
                        && Files.isRegularFile(best)) {
                    try {
                        Checkpoint.Meta meta = Checkpoint.readMeta(best);
                        found.add(new RunView(dir.getFileName().toString(), meta.model(),
                                meta.epoch(), EpochMetrics.best(meta.history()).testAccuracy()));
                    } catch (RuntimeException e) {
                        // A checkpoint being replaced or spoilt: not a run to offer.
                    }
                }
            }
        }
        return found;
    }

    int testCount() {
        return test.digits().count();
    }

    synchronized CnnView testDigit(String run, int index) {
        Digits digits = test.digits();
        float[] pixels = InspectJob.testDigit(digits, index, "index");
        return view(run, index, digits.label(index), pixels);
    }

    synchronized CnnView drawing(String run, float[] prepared) {
        return view(run, null, null, prepared);
    }

    private CnnView view(String run, Integer index, Integer label, float[] pixels) {
        Inspector model = open(run);
        Inspection seen = model.inspect(pixels);
        return CnnView.of(run, model.meta().model(), model.meta().epoch(), index, label, seen,
                model.kernels());
    }

    private Inspector open(String run) {
        if (!RUN_NAME.matcher(run).matches()) {
            throw new NotFoundException("no such run: " + run);
        }
        Path best = runs.resolve(run).resolve(RunFolder.BEST);
        FileTime version;
        try {
            version = Files.getLastModifiedTime(best);
        } catch (IOException e) {
            throw new NotFoundException("no such run with a best model: " + run);
        }
        if (inspector == null || !run.equals(openRun) || !version.equals(openVersion)) {
            close();
            inspector = Inspector.open(best);
            openRun = run;
            openVersion = version;
        }
        return inspector;
    }

    @Override
    public synchronized void close() {
        if (inspector != null) {
            inspector.close();
            inspector = null;
        }
    }
}
