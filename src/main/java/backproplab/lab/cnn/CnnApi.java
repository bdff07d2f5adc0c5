package backproplab.lab.cnn;

import backproplab.inspect.DigitPreparation;
import backproplab.lab.http.BadRequestException;
import backproplab.lab.http.BodySize;
import backproplab.lab.http.LabLimits;
import backproplab.lab.http.LabPage;
import backproplab.lab.http.PageFiles;
import backproplab.lab.http.ReadOnly;
import backproplab.lab.http.Slots;
import backproplab.lab.workspace.TestDigits;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.Map;

/**
 * The CNN page's API.
 *
 * <ul>
 *   <li>{@code GET /api/cnn/runs}: the runs under the runs folder that have a best model;</li>
 *   <li>{@code GET /api/cnn/runs/{run}/test/{index}}: test digit {@code index} through the run's
 *       best model, as a {@link CnnView};</li>
 *   <li>{@code POST /api/cnn/runs/{run}/drawing} with a PNG or JPEG as the body: the picture
 *       prepared as MNIST's digits were, through the model (at most
 *       {@link LabLimits#drawingBytes}).</li>
 * </ul>
 *
 * <p>Both predictions take a slot of {@link LabLimits#predictions}: past it, 503.
 */
public final class CnnApi implements LabPage, AutoCloseable {

    public static final String RUNS = "/api/cnn/runs";

    /**
     * How long a prediction waits for a slot before "busy": well within the second a page's
     * answer should take, and hundreds of predictions' time.
     */
    static final long PREDICTION_WAIT_MILLIS = 250;

    private final CnnLab lab;
    private final LabLimits limits;

    /** The page over the runs of {@code runs}, with the digits of {@code test}. */
    public CnnApi(Path runs, TestDigits test, LabLimits limits) {
        this.lab = new CnnLab(runs, test);
        this.limits = limits;
    }

    @Override
    public void register(Javalin app) {
        app.get("/cnn", PageFiles.html(CnnApi.class, "cnn.html"));
        Slots predictions = new Slots(limits.predictions(), "predictions",
                PREDICTION_WAIT_MILLIS);
        app.get(RUNS, ctx -> ctx.json(Map.of("runs", lab.runs(), "testDigits", lab.testCount())));
        app.get(RUNS + "/{run}/test/{index}", predictions.around(ctx -> ctx.json(
                lab.testDigit(ctx.pathParam("run"), index(ctx)))));
        app.before(RUNS + "/{run}/drawing", new BodySize(limits.drawingBytes())::check);
        app.post(RUNS + "/{run}/drawing", predictions.around(ctx -> ctx.json(
                lab.drawing(ctx.pathParam("run"), DigitPreparation.prepare(picture(ctx))))),
                ReadOnly.COMPUTES);
    }

    private static int index(Context ctx) {
        String text = ctx.pathParam("index");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRequestException("index: expected a whole number, got " + text);
        }
    }

    private static byte[] picture(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new BadRequestException("expected a PNG or JPEG picture as the body");
        }
        return body;
    }

    @Override
    public void close() {
        lab.close();
    }
}
