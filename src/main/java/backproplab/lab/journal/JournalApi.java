package backproplab.lab.journal;

import backproplab.assignment.Checklist;
import backproplab.journal.AssignmentReport;
import backproplab.journal.Attempt;
import backproplab.journal.Comparison;
import backproplab.journal.NotesFile;
import backproplab.journal.RunNotes;
import backproplab.lab.http.BadRequestException;
import backproplab.lab.http.GsonMapper;
import backproplab.lab.http.JsonBodies;
import backproplab.lab.http.LabPage;
import backproplab.lab.http.NotFoundException;
import backproplab.lab.http.PageFiles;
import backproplab.lab.http.Requests;
import backproplab.lab.http.Slots;
import backproplab.lab.workspace.LabAssignment;
import backproplab.lab.workspace.RunDirs;
import backproplab.training.RunFolder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 *       the curves per epoch, as a {@link Comparison}; {@code /compare?runs=a,b,c} shows them;</li>
 *   <li>{@code POST /api/report} with JSON {@code {"runs": ["a", "b"]}}: the report the learner
 *       hands in, as {@code backprop-lab report} writes it, into a new folder of
 *       {@code reports/} beside the runs folder; answers {@code {"folder", "readme"}}.</li>
 * </ul>
 */
public final class JournalApi implements LabPage {

    private static final Set<String> NOTES_FIELDS = new TreeSet<>(Arrays.stream(
            RunNotes.Section.values()).map(RunNotes.Section::field).toList());

    /** Where reports go, beside the runs folder as the models folder is. */
    private static final String REPORTS = "reports";

    private static final DateTimeFormatter REPORT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Path runs;
    private final Path dataDir;
    private final PrintStream log;
    private final LabAssignment assignment;

    /**
     * The routes over the runs in {@code runs}; a report's evaluations read the MNIST test set
     * in {@code dataDir} and say what they do on {@code log}.
     */
    public JournalApi(Path runs, Path dataDir, PrintStream log) {
        this(runs, dataDir, log, LabAssignment.S6);
    }

    /** The same, the runs compared and reported against {@code assignment}'s rules. */
    public JournalApi(Path runs, Path dataDir, PrintStream log, LabAssignment assignment) {
        this.assignment = assignment;
        this.runs = runs;
        this.dataDir = dataDir;
        this.log = log;
    }

    @Override
    public void register(Javalin app) {
        String notes = "/api/runs/{name}/notes";
        app.get(notes, ctx -> shown(ctx, NotesFile.show(RunDirs.of(runs,
                ctx.pathParam("name")))));
        app.before(notes, Requests::onlyJson);
        app.put(notes, ctx -> {
            Path dir = RunDirs.of(runs, ctx.pathParam("name"));
            // Notes beside no run would make the folder one that a new run refuses to train in.
            if (!Files.isRegularFile(dir.resolve(RunFolder.SETTINGS))) {
                throw new NotFoundException("no run '" + dir.getFileName() + "' in " + runs
                        + ": the folder has no " + RunFolder.SETTINGS);
            }
            NotesFile.write(dir, notes(ctx));
            shown(ctx, NotesFile.show(dir));
        });
        app.get("/api/compare", ctx -> ctx.json(compared(attempts(runs,
                ctx.queryParam("runs")))));
        app.get("/compare", PageFiles.html(JournalApi.class, "compare.html"));
        // One report at a time: each may evaluate its runs' models on the whole test set.
        Slots reports = new Slots(1, "writing a report", 0);
        app.before("/api/report", Requests::onlyJson);
        app.post("/api/report", reports.around(ctx -> {
            Path readme = report(runs, reportedRuns(runs, ctx), dataDir, log);
            ctx.json(Map.of("folder", readme.getParent().toString(), "readme",
                    readme.toString()));
        }));
    }

    private static RunNotes notes(Context ctx) {
        Map<String, String> fields = JsonBodies.fields(ctx.body());
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

    private static List<Attempt> attempts(Path runs, String names) {
        if (names == null || names.isBlank()) {
            throw new BadRequestException("runs: name the runs to compare, separated by"
                    + " commas: ?runs=a,b");
        }
        return runDirs(runs, Arrays.asList(names.split(",", -1)), names).stream()
                .map(dir -> Attempt.read(dir, "runs")).toList();
    }

    /**
     * The comparison, and each run's checklist of the lab's assignment in the same order
     * ({@code checklists}): the compare table's columns of rules.
     */
    private JsonObject compared(List<Attempt> attempts) {
        JsonObject json = GsonMapper.GSON.toJsonTree(Comparison.of(attempts)).getAsJsonObject();
        json.add("checklists", GsonMapper.GSON.toJsonTree(attempts.stream().map(a ->
                assignment.shown(Checklist.ofRun(assignment.assignment(), a.settings(),
                        a.history()))).toList()));
        return json;
    }

    /** The folders of the runs named, each checked; {@code asked}: the names as sent. */
    private static List<Path> runDirs(Path runs, List<String> names, String asked) {
        return names.stream().map(name -> {
            if (name.isBlank()) {
                throw new BadRequestException("runs: an empty name in '" + asked + "'");
            }
            return RunDirs.of(runs, name.strip());
        }).toList();
    }

    /** The runs a report is asked for: {"runs": ["a", "b"]}, at least one. */
    private static List<Path> reportedRuns(Path runs, Context ctx) {
        JsonObject body = JsonBodies.object(ctx.body());
        Set<String> unknown = new TreeSet<>(body.keySet());
        unknown.remove("runs");
        if (!unknown.isEmpty()) {
            throw new BadRequestException("unknown field(s) " + unknown + "; known: [runs]");
        }
        JsonElement listed = body.get("runs");
        List<String> names = new ArrayList<>();
        if (listed != null && listed.isJsonArray()) {
            for (JsonElement name : listed.getAsJsonArray()) {
                if (!name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()) {
                    names.clear();
                    break;
                }
                names.add(name.getAsString());
            }
        }
        if (names.isEmpty()) {
            throw new BadRequestException("runs: the names of the runs to report, as a list:"
                    + " {\"runs\": [\"a\", \"b\"]}");
        }
        return runDirs(runs, names, String.join(",", names));
    }

    /**
     * Writes the report of {@code reported} into a new folder of reports/ beside {@code runs},
     * named by the time; returns its README.
     */
    private Path report(Path runs, List<Path> reported, Path dataDir, PrintStream log)
            throws IOException {
        Path reports = runs.toAbsolutePath().normalize().resolveSibling(REPORTS);
        String name = "REPORT-" + LocalDateTime.now(ZoneId.systemDefault()).format(REPORT_TIME);
        Path out = reports.resolve(name);
        // Two reports within a second: the second beside the first, never over it.
        for (int k = 2; Files.exists(out); k++) {
            out = reports.resolve(name + "-" + k);
        }
        Files.createDirectories(reports);
        return AssignmentReport.write(reported, dataDir, out, log, assignment.assignment());
    }
}
