package backproplab.lab.runs;

import backproplab.assignment.Checklist;
import backproplab.kernels.LibtorchUnavailableException;
import backproplab.lab.http.BadRequestException;
import backproplab.lab.http.JsonBodies;
import backproplab.lab.http.LabLimits;
import backproplab.lab.http.LabPage;
import backproplab.lab.http.NotFoundException;
import backproplab.lab.http.PageFiles;
import backproplab.lab.http.Requests;
import backproplab.lab.http.Slots;
import backproplab.lab.workspace.LabAssignment;
import backproplab.lab.workspace.LabModels;
import backproplab.lab.workspace.RunDirs;
import backproplab.lab.workspace.TestDigits;
import backproplab.lab.workspace.TrainForm;
import backproplab.training.Engines;
import backproplab.training.RunFolder;
import backproplab.training.RunSummary;
import backproplab.training.TrainSettings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The runs and run pages and their API: the runs folder read as data, a run's test verdicts,
 * training from the page, and the events that keep the pages live.
 *
 * <ul>
 *   <li>{@code GET /api/runs}: the runs folder ({@code folder}, absolute) and every run folder
 *       in it ({@code runs}), newest first;</li>
 *   <li>{@code GET /api/runs/{name}}: one run with its epochs, summary and settings;</li>
 *   <li>{@code GET /api/runs/{name}/verdicts}: best.ckpt on the test set: confusion matrix and
 *       surest mistakes (evaluated once per checkpoint, then cached);</li>
 *   <li>{@code GET /api/runs/{name}/cell/{truth}/{predicted}}: the test digits of a cell;</li>
 *   <li>{@code GET /api/digits/{index}}: a test digit as a PNG;</li>
 *   <li>{@code GET /api/train/form}: the models and their recipes, as the form's fields;</li>
 *   <li>{@code POST /api/train}: start a run of the fields (409 while one trains, naming it in
 *       {@code run});</li>
 *   <li>{@code POST /api/runs/{name}/stop} (a run this server trains; false for another's),
 *       {@code POST /api/runs/{name}/resume};</li>
 *   <li>{@code GET /api/events}: server-sent events {@code run}, {@code progress},
 *       {@code training}; at most {@link LabLimits#eventStreams} open at once.</li>
 * </ul>
 */
public final class RunsApi implements LabPage, AutoCloseable {
    /** Cells and mistakes are shown as images: enough to see a pattern, few enough to load. */
    private static final int CELL_LIMIT = 200;
    private static final int MISTAKES = 24;
    private static final int CACHED_RUNS = 4;

    private final Path runs;
    private final TestDigits test;
    private final RunEvents events;
    private final LabTraining training;
    private final LabModels models;
    private final LabAssignment assignment;
    private final Map<String, Verdicts> verdicts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verdicts> eldest) {
            return size() > CACHED_RUNS;
        }
    };

    /**
     * The pages of the runs in {@code runs}, judged on {@code test} and trained from the models
     * of {@code models}; training from the page writes its lines to {@code log}.
     */
    public RunsApi(Path runs, TestDigits test, LabModels models, PrintStream log,
                   LabLimits limits) {
        this(runs, test, models, log, limits, LabAssignment.S6);
    }

    /** The same, each run checked against {@code assignment}'s rules. */
    public RunsApi(Path runs, TestDigits test, LabModels models, PrintStream log,
                   LabLimits limits, LabAssignment assignment) {
        this.assignment = assignment;
        // Before libtorch first loads (a run's verdicts or its training): all cores, and never
        // the network for the native library.
        Engines.configure(Runtime.getRuntime().availableProcessors());
        this.runs = runs;
        this.test = test;
        this.events = new RunEvents(runs, this::view, new Slots(limits.eventStreams(),
                "event streams", 0));
        this.training = new LabTraining(runs, events, log);
        this.models = models;
    }

    @Override
    public void register(Javalin app) {
        app.get("/runs", PageFiles.html(RunsApi.class, "runs.html"));
        app.get("/runs/{name}", PageFiles.html(RunsApi.class, "run.html"));
        app.get("/api/runs", ctx -> ctx.json(Map.of("folder",
                runs.toAbsolutePath().normalize().toString(), "runs", list(),
                "target", RunSummary.TARGET_PERCENT)));
        app.get("/api/runs/{name}", ctx -> ctx.json(view(dir(ctx))));
        app.get("/api/runs/{name}/verdicts", ctx -> ctx.json(verdicts(dir(ctx))
                .summary(MISTAKES)));
        app.get("/api/runs/{name}/checklist", ctx -> ctx.json(checklist(dir(ctx))));
        app.get("/api/runs/{name}/cell/{truth}/{predicted}", this::cell);
        app.before("/api/train", Requests::onlyJson);
        app.before("/api/runs/{name}/resume", Requests::onlyJson);
        app.before("/api/runs/{name}/stop", Requests::onlyJson);
        app.post("/api/runs/{name}/resume", ctx -> started(ctx, training.resume(dir(ctx))));
        app.get("/api/digits/{index}", ctx -> ctx.contentType("image/png")
                .header("Cache-Control", "max-age=86400")
                .result(test.png(whole(ctx.pathParam("index"), "index"))));
        app.get("/api/train/form", ctx -> ctx.json(models.form()));
        app.post("/api/train", this::start);
        app.post("/api/runs/{name}/stop", ctx -> ctx.json(Map.of("stopping",
                training.stop(dir(ctx)))));
        app.get("/api/events", events::open);
        app.exception(LabTraining.TrainingBusyException.class, (e, ctx) ->
                ctx.status(HttpStatus.CONFLICT).json(Map.of("error", e.getMessage(),
                        "run", e.run())));
        // libtorch cannot run here: the page says why in the command line's one line.
        app.exception(LibtorchUnavailableException.class, (e, ctx) ->
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error",
                        e.getMessage())));
    }

    private List<RunView> list() throws IOException {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.filter(RunEvents::isRun)
                    .map(d -> view(d).brief())
                    .sorted(Comparator.comparing((RunView v) -> v.started() == null ? ""
                            : v.started()).thenComparing(RunView::name).reversed())
                    .toList();
        }
    }

    private RunView view(Path dir) {
        LabTraining.Active active = training.active();
        return active != null && dir.equals(active.dir())
                ? RunView.read(dir, true, active.settings(), active.started())
                : RunView.read(dir, false);
    }

    /**
     * The lab's assignment's rules judged on the run as it stands: {@code {"checklist": null}}
     * for a run whose settings cannot be read (its page says why).
     */
    private Map<String, Object> checklist(Path dir) {
        RunView v = view(dir);
        return v.settings() == null ? Collections.singletonMap("checklist", null)
                : Map.of("checklist", assignment.shown(Checklist.ofRun(assignment.assignment(),
                        v.settings(), v.history())));
    }

    private Path dir(Context ctx) {
        return RunDirs.of(runs, ctx.pathParam("name"));
    }

    private Verdicts verdicts(Path dir) throws IOException {
        Path best = dir.resolve(RunFolder.BEST);
        if (!Files.isRegularFile(best)) {
            // best.ckpt is written before metrics.json: epochs listed without it, it was removed.
            throw new NotFoundException(dir.getFileName() + " has no " + RunFolder.BEST
                    + (RunView.finishedEpochs(dir) > 0 ? ": it is missing from the folder"
                    : " yet: it has not finished an epoch"));
        }
        String key = dir + "@" + Files.getLastModifiedTime(best).toMillis();
        synchronized (verdicts) {
            Verdicts v = verdicts.get(key);
            if (v == null) {
                v = Verdicts.of(best, test.digits());
                verdicts.put(key, v);
            }
            return v;
        }
    }

    private void cell(Context ctx) throws IOException {
        int truth = digit(ctx.pathParam("truth"), "truth");
        int predicted = digit(ctx.pathParam("predicted"), "predicted");
        Verdicts v = verdicts(dir(ctx));
        List<Integer> all = v.cell(truth, predicted);
        List<Map<String, Object>> shown = all.stream().limit(CELL_LIMIT).map(i -> Map.<String,
                Object>of("index", i, "probability", v.probability(i, predicted))).toList();
        ctx.json(Map.of("truth", truth, "predicted", predicted, "count", all.size(),
                "digits", shown));
    }

    private void start(Context ctx) throws IOException {
        Map<String, String> fields = JsonBodies.fields(ctx.body());
        TrainSettings settings = TrainForm.read(fields, models::resolve, test.dataDir().toString(),
                Runtime.getRuntime().availableProcessors());
        started(ctx, training.start(settings, models.asOption(fields)));
    }

    private void started(Context ctx, String name) {
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("run", name));
    }


    private static int digit(String text, String name) {
        int d = whole(text, name);
        if (d < 0 || d >= Verdicts.CLASSES) {
            throw new BadRequestException(name + ": a digit 0 to 9, got " + text);
        }
        return d;
    }

    private static int whole(String text, String name) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + ": expected a whole number, got '" + text + "'");
        }
    }

    @Override
    public void close() throws InterruptedException {
        training.close();
        events.close();
    }
}
