package backproplab.lab.recipe;

import backproplab.InvalidInputException;
import backproplab.InvalidValueException;
import backproplab.augment.AugmentationPicture;
import backproplab.augment.AugmentationSample;
import backproplab.data.Digits;
import backproplab.lab.http.InvalidFieldException;
import backproplab.lab.http.JsonBodies;
import backproplab.lab.http.LabPage;
import backproplab.lab.http.ReadOnly;
import backproplab.lab.http.Requests;
import backproplab.lab.workspace.LabModels;
import backproplab.lab.workspace.TrainForm;
import backproplab.lrfind.LrFinder;
import backproplab.lrfind.RangeTestResult;
import backproplab.lrfind.RateRange;
import backproplab.lrfind.Suggestion;
import backproplab.model.ModelFile;
import backproplab.training.TrainSettings;
import backproplab.training.TrainingRun;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The API of the recipe's cards, on the design page and the runs form. Each takes the train
 * form's fields (TrainForm: an empty field keeps the model's recipe), and the design page may
 * send the model file as typed ({@code "text"}, with {@code "model"} naming it), unsaved.
 *
 * <ul>
 *   <li>{@code POST /api/augment} with the fields and {@code digits}, {@code labels} ("4,9"),
 *       {@code draws}: a PNG grid of training digits as epochs 1, 2, … of the run would see
 *       them ({@link AugmentationSample});</li>
 *   <li>{@code POST /api/lr-find} with the fields and {@code start}, {@code end},
 *       {@code steps}: starts a range test in the background on a new copy of the model (202;
 *       409 while one runs); no run changes;</li>
 *   <li>{@code GET /api/lr-find}: the last range test: its state, steps so far (rates,
 *       smoothed losses), and once done its suggestion, both rules' rates and its seconds.</li>
 * </ul>
 */
public final class RecipeToolsApi implements LabPage {

    private static final List<String> AUGMENT = List.of("digits", "labels", "draws");
    private static final List<String> RANGE = List.of("start", "end", "steps");

    private final LabModels models;
    private final Path dataDir;
    private final PrintStream log;
    /** The training images last loaded, and the (data folder, limit, holdout) they are of. */
    private Digits images;
    private String imagesKey;
    private RangeJob job;

    public RecipeToolsApi(LabModels models, Path dataDir, PrintStream log) {
        this.models = models;
        this.dataDir = dataDir;
        this.log = log;
    }

    @Override
    public void register(Javalin app) {
        app.before("/api/augment", Requests::onlyJson);
        app.post("/api/augment", this::augment, ReadOnly.COMPUTES);
        app.before("/api/lr-find", ctx -> {
            if (!ctx.method().name().equals("GET")) {
                Requests.onlyJson(ctx);
            }
        });
        app.post("/api/lr-find", this::startRange, ReadOnly.COMPUTES);
        app.get("/api/lr-find", ctx -> ctx.json(rangeState()));
    }

    private void augment(Context ctx) {
        Map<String, String> fields = new HashMap<>(JsonBodies.fields(ctx.body()));
        Map<String, String> own = take(fields, AUGMENT);
        TrainSettings settings = settings(fields);
        Digits train = trainImages(settings);
        AugmentationSample sample = inFields(() -> AugmentationSample.of(train,
                settings.recipe(), settings.seed(), labels(own.get("labels")),
                whole(own, "digits", AugmentationSample.DEFAULT_DIGITS),
                whole(own, "draws", AugmentationSample.DEFAULT_DRAWS)));
        ctx.contentType("image/png").result(AugmentationPicture.png(settings.model(), sample));
    }

    private synchronized Digits trainImages(TrainSettings settings) {
        String key = settings.dataDir() + "|" + settings.limit() + "|" + settings.holdout();
        if (!key.equals(imagesKey)) {
            images = TrainingRun.trainImages(settings, log::println);
            imagesKey = key;
        }
        return images;
    }

    private void startRange(Context ctx) {
        Map<String, String> fields = new HashMap<>(JsonBodies.fields(ctx.body()));
        Map<String, String> own = take(fields, RANGE);
        TrainSettings settings = settings(fields);
        RateRange range = inFields(() -> new RateRange(
                number(own, "start", RateRange.DEFAULT_START),
                number(own, "end", RateRange.DEFAULT_END),
                whole(own, "steps", RateRange.DEFAULT_STEPS)));
        synchronized (this) {
            if (job != null && job.result == null && job.error == null) {
                ctx.status(HttpStatus.CONFLICT).json(Map.of("error", "a range test of "
                        + job.model + " is running; wait for it to end"));
                return;
            }
            job = new RangeJob(settings.model(), range);
        }
        RangeJob mine = job;
        Thread thread = new Thread(() -> mine.run(settings), "lr-find");
        thread.setDaemon(true);
        thread.start();
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("model", settings.model(), "steps",
                range.steps()));
    }

    private synchronized Map<String, Object> rangeState() {
        return job == null ? Map.of("state", "none") : job.state();
    }

    /** One range test, followed by the page while it runs. */
    private static final class RangeJob {
        final String model;
        final RateRange range;
        final List<double[]> points = new ArrayList<>();
        volatile RangeTestResult result;
        volatile String error;

        RangeJob(String model, RateRange range) {
            this.model = model;
            this.range = range;
        }

        void run(TrainSettings settings) {
            try {
                result = LrFinder.run(settings, range, line -> { }, (step, rate, smoothed) -> {
                    synchronized (points) {
                        points.add(new double[] {rate, smoothed});
                    }
                });
            } catch (InvalidInputException e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                error = "the range test failed: " + e;
            }
        }

        Map<String, Object> state() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("state", result != null ? "done" : error != null ? "failed" : "running");
            s.put("model", model);
            s.put("steps", range.steps());
            synchronized (points) {
                s.put("rates", points.stream().mapToDouble(p -> p[0]).toArray());
                s.put("smoothed", points.stream().mapToDouble(p -> p[1]).toArray());
            }
            if (error != null) {
                s.put("error", error);
            }
            RangeTestResult r = result;
            if (r != null) {
                Suggestion g = r.suggestion();
                s.put("rates", r.rates());
                s.put("smoothed", r.smoothed());
                s.put("taken", r.taken());
                s.put("stoppedBy", r.stoppedBy());
                s.put("seconds", r.seconds());
                s.put("rule", g.hasSteepest() ? Suggestion.RULE : "minimum / 10");
                if (g.any()) {
                    s.put("suggested", g.rate());
                    s.put("suggestedText", RangeTestResult.rateText(g.rate()));
                    s.put("suggestedIndex", g.hasSteepest() ? g.steepestIndex() : -1);
                    s.put("minimumOver10", g.minimumOver10());
                    s.put("minimumOver10Text", RangeTestResult.rateText(g.minimumOver10()));
                }
            }
            return s;
        }
    }

    /** The train form's settings; the model as typed on the design page if its text is sent. */
    private TrainSettings settings(Map<String, String> fields) {
        String text = fields.remove("text");
        Function<String, ModelFile> resolve = text == null ? models::resolve
                : id -> ModelFile.parse(id, id.replaceFirst("\\.txt$", ""), text);
        try {
            return TrainForm.read(fields, resolve, dataDir.toString(),
                    Runtime.getRuntime().availableProcessors());
        } catch (InvalidInputException e) {
            throw TrainForm.asFieldError(e);
        }
    }

    private static Map<String, String> take(Map<String, String> fields, List<String> names) {
        Map<String, String> own = new HashMap<>();
        for (String name : names) {
            String v = fields.remove(name);
            if (v != null && !v.isBlank()) {
                own.put(name, v.trim());
            }
        }
        return own;
    }

    /** A rule's failure ("--digits: …") beside the card's field of that name. */
    private static <T> T inFields(java.util.function.Supplier<T> rule) {
        try {
            return rule.get();
        } catch (InvalidValueException e) {
            String field = e.name().replaceFirst("^--", "");
            throw new InvalidFieldException(field, field + ": " + e.problem());
        }
    }

    private static int whole(Map<String, String> own, String name, int fallback) {
        String v = own.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(name, name + ": a whole number, not '" + v + "'");
        }
    }

    private static double number(Map<String, String> own, String name, double fallback) {
        String v = own.get(name);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(name, name + ": a number, not '" + v + "'");
        }
    }

    private static List<Integer> labels(String text) {
        if (text == null) {
            return AugmentationSample.ALL_LABELS;
        }
        try {
            return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty())
                    .map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new InvalidFieldException("labels", "labels: digits 0 to 9, as 4,9; not '"
                    + text + "'");
        }
    }
}
