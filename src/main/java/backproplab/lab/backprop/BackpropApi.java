package backproplab.lab.backprop;

import backproplab.backprop.BackpropJob;
import backproplab.backprop.BackpropSettings;
import backproplab.backprop.BackpropWorkbook;
import backproplab.backprop.GradientDescent;
import backproplab.backprop.InvalidSettingException;
import backproplab.lab.http.BadRequestException;
import backproplab.lab.http.JsonBodies;
import backproplab.lab.http.LabApp;
import backproplab.lab.http.LabPage;
import backproplab.lab.http.PageFiles;
import backproplab.lab.http.ReadOnly;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backprop page's API. Settings travel as the page's fields, as text, so the Java rules
 * ({@link BackpropForm}) judge exactly what was typed.
 *
 * <ul>
 *   <li>{@code GET /api/backprop/defaults}: the fields of the command line's defaults;</li>
 *   <li>{@code GET /api/backprop/examples}: the course's network and Mazur's, as fields;</li>
 *   <li>{@code POST /api/backprop/sweep} with the fields as a JSON object: the
 *       {@link SweepView};</li>
 *   <li>{@code GET /api/backprop/workbook?field=value...}: the command line's BackPropagation.xlsx
 *       for those settings (a GET, so the page's download is a plain link).</li>
 * </ul>
 */
public final class BackpropApi implements LabPage {

    public static final String DEFAULTS = "/api/backprop/defaults";
    public static final String EXAMPLES = "/api/backprop/examples";
    public static final String SWEEP = "/api/backprop/sweep";
    public static final String WORKBOOK = "/api/backprop/workbook";
    private static final String XLSX =
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Override
    public void register(Javalin app) {
        app.get("/backprop", PageFiles.html(BackpropApi.class, "backprop.html"));
        app.get(DEFAULTS, ctx -> ctx.json(BackpropForm.fieldsOf(BackpropSettings.defaults())));
        app.get(EXAMPLES, ctx -> ctx.json(Example.ALL));
        app.post(SWEEP, ctx -> ctx.json(SweepView.of(BackpropForm.read(jsonFields(ctx.body())))),
                ReadOnly.COMPUTES);
        app.get(WORKBOOK, BackpropApi::workbook);
        app.exception(InvalidSettingException.class,
                (e, ctx) -> LabApp.fieldErrors(List.of(BackpropForm.fieldError(e)), ctx));
    }

    /** A worked example the page offers: its fields, and the learning rate it is known for. */
    record Example(String name, Map<String, String> fields, double rate) {
        static final List<Example> ALL = List.of(
                new Example("the course's network", BackpropForm.fieldsOf(
                        BackpropSettings.defaults()), 1.0),
                // Mazur's example runs at η = 0.5; beside the other five rates it can be compared.
                new Example("Matt Mazur's example", BackpropForm.fieldsOf(withDefaultRates(
                        BackpropSettings.mazur())),
                        BackpropSettings.mazur().learningRates().get(0)));

        private static BackpropSettings withDefaultRates(BackpropSettings s) {
            return new BackpropSettings(s.inputs(), s.targets(), s.initialWeights(), s.biases(),
                    s.trainBiases(), BackpropSettings.DEFAULT_RATES, s.iterations());
        }
    }

    private static void workbook(Context ctx) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((name, values) -> fields.put(name, values.get(0)));
        BackpropSettings s = BackpropForm.read(known(fields));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BackpropWorkbook.write(bytes, s, GradientDescent.sweep(s));
        ctx.contentType(XLSX)
                .header("Content-Disposition",
                        "attachment; filename=\"" + BackpropJob.WORKBOOK + "\"")
                .result(bytes.toByteArray());
    }

    /** A JSON object whose values are strings or numbers: the page's fields. */
    private static Map<String, String> jsonFields(String body) {
        return known(JsonBodies.fields(body));
    }

    private static Map<String, String> known(Map<String, String> fields) {
        Set<String> unknown = new HashSet<>(fields.keySet());
        unknown.removeAll(BackpropForm.FIELDS);
        if (!unknown.isEmpty()) {
            throw new BadRequestException("unknown field(s) " + unknown + "; known: "
                    + BackpropForm.FIELDS);
        }
        return fields;
    }
}
