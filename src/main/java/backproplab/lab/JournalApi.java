package backproplab.lab;

import backproplab.journal.Attempt;
import backproplab.journal.Comparison;
import backproplab.journal.NotesFile;
import backproplab.journal.RunNotes;
import backproplab.training.RunFolder;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The learner's journal: the notes of each attempt, and attempts compared.
 *
 * <ul>
 *   <li>{@code GET /api/runs/{name}/notes}: {@code {"target", "results", "analysis",
 *       "prefilled"}}; before the run has a notes.md, {@code prefilled} is true and the results
 *       are its figures;</li>
 *   <li>{@code PUT /api/runs/{name}/notes} with JSON {@code {"target", "results", "analysis"}}
 *       (each text, at most 64 KB): writes the run's notes.md, and answers as GET does;</li>
 *   <li>{@code GET /api/compare?runs=a,b,c}: the runs' figures, the settings that differ and
 *       the curves per epoch, as a {@link Comparison}.</li>
 * </ul>
 */
final class JournalApi {

    private static final Set<String> NOTES_FIELDS = new TreeSet<>(Arrays.stream(
            RunNotes.Section.values()).map(RunNotes.Section::field).toList());

    private JournalApi() {}

    static void register(Javalin app, Path runs) {
        String notes = "/api/runs/{name}/notes";
        app.get(notes, ctx -> shown(ctx, NotesFile.show(RunsApi.runDir(runs,
                ctx.pathParam("name")))));
        app.before(notes, RunsApi::onlyJson);
        app.put(notes, ctx -> {
            Path dir = RunsApi.runDir(runs, ctx.pathParam("name"));
            // Notes beside no run would make the folder one that a new run refuses to train in.
            if (!Files.isRegularFile(dir.resolve(RunFolder.SETTINGS))) {
                throw new NotFoundException("no run '" + dir.getFileName() + "' in " + runs
                        + ": the folder has no " + RunFolder.SETTINGS);
            }
            NotesFile.write(dir, notes(ctx));
            shown(ctx, NotesFile.show(dir));
        });
        app.get("/api/compare", ctx -> ctx.json(compare(runs, ctx.queryParam("runs"))));
    }

    private static RunNotes notes(Context ctx) {
        Map<String, String> fields = BackpropApi.anyJsonFields(ctx.body());
        Set<String> unknown = new TreeSet<>(fields.keySet());
        unknown.removeAll(NOTES_FIELDS);
        if (!unknown.isEmpty()) {
            throw new BadRequestException("unknown field(s) " + unknown + "; known: "
                    + NOTES_FIELDS);
        }
        return new RunNotes(fields.get("target"), fields.get("results"), fields.get("analysis"));
    }

    private static void shown(Context ctx, NotesFile.Shown shown) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (RunNotes.Section s : RunNotes.Section.values()) {
            json.put(s.field(), shown.notes().text(s));
        }
        json.put("prefilled", shown.prefilled());
        ctx.json(json);
    }

    private static Comparison compare(Path runs, String names) {
        if (names == null || names.isBlank()) {
            throw new BadRequestException("runs: name the runs to compare, separated by"
                    + " commas: ?runs=a,b");
        }
        List<Attempt> attempts = Arrays.stream(names.split(",", -1)).map(name -> {
            if (name.isBlank()) {
                throw new BadRequestException("runs: an empty name in '" + names + "'");
            }
            return Attempt.read(RunsApi.runDir(runs, name.strip()), "runs");
        }).toList();
        return Comparison.of(attempts);
    }
}
