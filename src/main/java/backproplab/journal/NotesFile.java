package backproplab.journal;

import backproplab.InvalidInputException;
import backproplab.journal.RunNotes.Section;
import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A run's {@value #NAME}: its {@link RunNotes} as Markdown, one section a field, which a learner
 * may also edit by hand:
 *
 * <pre>
 * # Notes on lean-20261121-101500      (anything before the first section is kept as it is)
 *
 * ## Target
 * ...
 * ## Results
 * ...
 * ## Analysis
 * ...
 * </pre>
 *
 * Read back tolerantly: headings as hand edits write them ("# results:"), sections missing or in
 * another order, a section written twice (its texts joined), text before the first section
 * (kept when the notes are written again).
 */
public final class NotesFile {

    public static final String NAME = "notes.md";
    /** Three fields at their limit, and room for what a learner adds above them. */
    static final int MAX_BYTES = 1 << 20;

    private NotesFile() {}

    /** The file read: its notes, and what stands before its first section. */
    record Parsed(String preamble, RunNotes notes) {}

    /** Notes to show: the run's own, or, before it has any, its figures as the Results. */
    public record Shown(RunNotes notes, boolean prefilled) {}

    /**
     * The notes of the run in {@code runDir}, if it has a {@value #NAME}.
     *
     * @throws InvalidInputException naming the file, if it cannot be read as notes
     */
    public static Optional<RunNotes> read(Path runDir) {
        return readFile(runDir).map(Parsed::notes);
    }

    /** The run's notes; without any, its figures when it has finished an epoch. */
    public static Shown show(Attempt attempt) {
        return read(attempt.dir()).map(n -> new Shown(n, false)).orElseGet(() -> new Shown(
                attempt.history().isEmpty() ? RunNotes.empty()
                        : RunNotes.prefilled(attempt.figures()), true));
    }

    /**
     * The same for a folder that may not be a readable run (the lab lists broken ones): its
     * notes, else its figures if it has any, else empty notes.
     */
    public static Shown show(Path runDir) {
        Optional<RunNotes> written = read(runDir);
        if (written.isPresent()) {
            return new Shown(written.get(), false);
        }
        try {
            return show(Attempt.read(runDir, "run"));
        } catch (InvalidInputException e) {
            return new Shown(RunNotes.empty(), true);
        }
    }

    /**
     * Writes {@code notes} into the run's {@value #NAME} atomically, keeping what the file has
     * before its first section; a new file starts with a title naming the run.
     *
     * @throws InvalidInputException if the file there cannot be read as notes: writing would
     *                               lose what it holds
     */
    public static void write(Path runDir, RunNotes notes) throws IOException {
        String preamble = readFile(runDir).map(Parsed::preamble).orElseGet(() ->
                "# Notes on " + runDir.toAbsolutePath().normalize().getFileName() + "\n\n"
                        + "<!-- backprop-lab's lab and its report command read the three"
                        + " sections below; edit them here or in the lab. -->");
        AtomicFiles.writeString(runDir.resolve(NAME), format(preamble, notes));
    }

    private static Optional<Parsed> readFile(Path runDir) {
        Path file = runDir.resolve(NAME);
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException("larger than " + MAX_BYTES / 1024 / 1024
                        + " MB; notes are a few paragraphs");
            }
            return Optional.of(parse(Files.readString(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": not a text file (it is not UTF-8)");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
    }

    static Parsed parse(String text) {
        StringBuilder preamble = new StringBuilder();
        Map<Section, List<StringBuilder>> sections = new EnumMap<>(Section.class);
        StringBuilder current = preamble;
        String lines = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (String line : RunNotes.unixLines(lines).split("\n", -1)) {
            Section started = RunNotes.sectionStartedBy(line);
            if (started == null) {
                current.append(line).append('\n');
            } else {
                // The same section again: its texts are joined, nothing is dropped.
                current = new StringBuilder();
                sections.computeIfAbsent(started, s -> new ArrayList<>()).add(current);
            }
        }
        return new Parsed(RunNotes.tidy(preamble.toString()), new RunNotes(
                joined(sections, Section.TARGET), joined(sections, Section.RESULTS),
                joined(sections, Section.ANALYSIS)));
    }

    private static String joined(Map<Section, List<StringBuilder>> sections, Section section) {
        return sections.getOrDefault(section, List.of()).stream()
                .map(text -> RunNotes.tidy(text.toString())).filter(text -> !text.isEmpty())
                .collect(Collectors.joining("\n\n"));
    }

    static String format(String preamble, RunNotes notes) {
        StringBuilder s = new StringBuilder();
        if (!preamble.isBlank()) {
            s.append(preamble).append("\n\n");
        }
        for (Section section : Section.values()) {
            s.append("## ").append(section.heading()).append("\n\n");
            String text = notes.text(section);
            if (!text.isEmpty()) {
                s.append(text).append("\n\n");
            }
        }
        return s.toString().stripTrailing() + "\n";
    }
}
