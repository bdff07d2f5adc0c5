package backproplab.lab.design;

import backproplab.InvalidInputException;
import backproplab.assignment.Checklist;
import backproplab.lab.http.BadRequestException;
import backproplab.lab.http.JsonBodies;
import backproplab.lab.http.LabPage;
import backproplab.lab.http.PageFiles;
import backproplab.lab.http.ReadOnly;
import backproplab.lab.http.Requests;
import backproplab.lab.workspace.LabAssignment;
import backproplab.lab.workspace.LabModels;
import backproplab.lab.workspace.RunDirs;
import backproplab.model.ModelDesign;
import backproplab.model.ModelFile;
import backproplab.training.RunFolder;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The design page's API: a model file as it is typed, computed by the same Java as
 * {@code summary}; and the model files of the models folder, read and saved.
 *
 * <ul>
 *   <li>{@code POST /api/design} with {@code {"text", "name"}}: the layers, totals, budgets,
 *       error and hints of a {@link ModelDesign} (nothing is written);</li>
 *   <li>{@code POST /api/design/checklist} with {@code {"text"}}: {@code {"checklist"}}, the
 *       lab's assignment's rules judged on the model before training (null while the file has
 *       an error);</li>
 *   <li>{@code GET /api/models/{id}}: {@code {"id", "text"}} of a built-in model ("lean") or a
 *       model file of the folder ("my-net.txt"); {@code GET /api/models/{file}/{class}}, of
 *       the model {@code file:class} ("s6.ipynb:Net2"), the class as a run keeps it;</li>
 *   <li>{@code PUT /api/models/{id}} with {@code {"text"}}: saves the file, as typed, and
 *       answers with its design; a file of that name is replaced only with {@code "replace":
 *       "yes"} (409 without);</li>
 *   <li>{@code GET /api/runs/{name}/model}: {@code {"id", "text"}}, the model file a run
 *       trained, to start the next attempt from.</li>
 * </ul>
 */
public final class DesignApi implements LabPage {

    private final LabModels models;
    private final Path runs;
    private final LabAssignment assignment;

    /** The page over the model files of {@code models}, and the runs of {@code runs}. */
    public DesignApi(LabModels models, Path runs) {
        this(models, runs, LabAssignment.S6);
    }

    /** The same, a model checked against {@code assignment}'s rules. */
    public DesignApi(LabModels models, Path runs, LabAssignment assignment) {
        this.models = models;
        this.runs = runs;
        this.assignment = assignment;
    }

    @Override
    public void register(Javalin app) {
        app.get("/design", PageFiles.html(DesignApi.class, "design.html"));
        app.before("/api/design", Requests::onlyJson);
        app.post("/api/design", ctx -> {
            Map<String, String> fields = JsonBodies.fields(ctx.body());
            // The name only labels the messages: kept to a plain file name.
            String name = fields.getOrDefault("name", "model.txt")
                    .replaceAll("[^A-Za-z0-9._-]", "-");
            ctx.json(ModelDesign.of(name.length() > 60 ? name.substring(0, 60) : name,
                    text(fields)));
        }, ReadOnly.COMPUTES);
        app.before("/api/design/checklist", Requests::onlyJson);
        app.post("/api/design/checklist", ctx -> ctx.json(checklist(text(JsonBodies.fields(
                ctx.body())))), ReadOnly.COMPUTES);
        app.get("/api/models/{id}", ctx -> ctx.json(Map.of("id", ctx.pathParam("id"),
                "text", models.text(ctx.pathParam("id")))));
        // A class's id holds a ':', which the lab's paths never do: the class is a segment.
        app.get("/api/models/{file}/{class}", ctx -> {
            String id = ctx.pathParam("file") + ":" + ctx.pathParam("class");
            ctx.json(Map.of("id", id, "text", models.text(id)));
        });
        app.before("/api/models/{id}", Requests::onlyJson);
        app.put("/api/models/{id}", this::save);
        app.get("/api/runs/{name}/model", ctx -> {
            Path dir = RunDirs.of(runs, ctx.pathParam("name"));
            ctx.json(Map.of("id", dir.getFileName().toString(), "text",
                    RunFolder.open(dir, "run").settings().modelText()));
        });
    }

    private void save(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Map<String, String> fields = JsonBodies.fields(ctx.body());
        String text = text(fields);
        // Another design's file of the same name (the default name is the model started from) is
        // the learner's too: replaced only when the page says so, after a first Save was told.
        if (!"yes".equals(fields.get("replace")) && models.exists(id)) {
            ctx.status(HttpStatus.CONFLICT).json(Map.of("error", "models/" + id + " exists:"
                    + " Save again to replace it, or choose another name", "field", "name"));
            return;
        }
        models.save(id, text);
        ctx.json(Map.of("id", id, "design", ModelDesign.of(id, text)));
    }

    /**
     * The assignment's rules that a model file already meets or breaks (its budget, its layers,
     * its recipe's epochs), the accuracy to come; {@code {"checklist": null}} while the file
     * does not read as a model (the design's error says why).
     */
    private Map<String, Object> checklist(String text) {
        ModelFile file;
        try {
            file = ModelFile.parse("model.txt", "model", text);
        } catch (InvalidInputException e) {
            return java.util.Collections.singletonMap("checklist", null);
        }
        return Map.of("checklist", assignment.shown(Checklist.ofModel(assignment.assignment(),
                file.architecture(), file.recipe().epochs())));
    }

    private static String text(Map<String, String> fields) {
        String text = fields.get("text");
        if (text == null) {
            throw new BadRequestException("text: missing");
        }
        return text;
    }
}
