package backproplab.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidInputException;
import backproplab.InvalidValueException;
import backproplab.lab.RunFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's notes.md: written by the lab, edited by hand, read back without losing a word. */
@Tag("locale")
@Tag("parser")
class NotesFileTest {

    @TempDir
    Path tmp;

    @Test
    void notesWrittenAreReadBackAsTheyWereGiven() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("lean-1"));
        RunNotes notes = new RunNotes("Fewer channels, same\r\naccuracy?",
                "\n\n- best 99.41%\n\n```\ncode  kept\n```", "### Why\n\nThe LR was   too high.  \n");
        NotesFile.write(run, notes);

        RunNotes read = NotesFile.read(run).orElseThrow();
        assertThat(read).isEqualTo(notes);
        assertThat(read.target()).isEqualTo("Fewer channels, same\naccuracy?");
        assertThat(read.results()).isEqualTo("- best 99.41%\n\n```\ncode  kept\n```");
        assertThat(read.analysis()).isEqualTo("### Why\n\nThe LR was   too high.");
        String file = Files.readString(run.resolve(NotesFile.NAME));
        assertThat(file).startsWith("# Notes on lean-1\n")
                .containsSubsequence("## Target\n\nFewer", "## Results\n\n- best",
                        "## Analysis\n\n### Why");
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("nothing but the notes: no temporary file left")
                    .containsExactly(NotesFile.NAME);
        }
    }

    @Test
    void handEditsAreReadTolerantlyAndTheirExtraTextIsKept() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve(NotesFile.NAME), "\uFEFFMy own title\r\n\r\nWritten on"
                + " the train.\r\n# analysis:\r\nToo slow.\r\n##Target\r\nFaster.\r\n"
                + "## Something else\r\nkept in the target\r\n## ANALYSIS ##\r\nStill slow.\r\n");

        RunNotes read = NotesFile.read(run).orElseThrow();
        assertThat(read.target()).isEqualTo("Faster.\n## Something else\nkept in the target");
        assertThat(read.results()).isEmpty();
        assertThat(read.analysis()).isEqualTo("Too slow.\n\nStill slow.");

        NotesFile.write(run, new RunNotes(read.target(), "99.2%", read.analysis()));
        String file = Files.readString(run.resolve(NotesFile.NAME));
        assertThat(file).startsWith("My own title\n\nWritten on the train.\n\n## Target\n")
                .doesNotContain("# Notes on");
        assertThat(NotesFile.read(run).orElseThrow())
                .isEqualTo(new RunNotes(read.target(), "99.2%", read.analysis()));
    }

    @Test
    void aFileWithoutSectionsIsKeptWholeAboveTheNotes() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve(NotesFile.NAME), "Just thoughts.\n\nMore thoughts.\n");
        assertThat(NotesFile.read(run).orElseThrow()).isEqualTo(RunNotes.empty());

        NotesFile.write(run, new RunNotes("t", "r", "a"));
        assertThat(Files.readString(run.resolve(NotesFile.NAME)))
                .isEqualTo("Just thoughts.\n\nMore thoughts.\n\n## Target\n\nt\n\n## Results\n\nr"
                        + "\n\n## Analysis\n\na\n");
    }

    @Test
    void aSectionHeadingInsideAFieldIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new RunNotes("ok", "fine\n## Analysis\nsneaky", ""))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("results: the line '## Analysis'")
                .hasMessageContaining("###");
        // A deeper heading is the learner's own.
        assertThat(new RunNotes("### Target\nx", "", "").target()).startsWith("### Target");
    }

    @Test
    void aFieldOverItsLimitIsRefusedAndOneAtItIsNot() {
        String limit = "é".repeat(RunNotes.MAX_FIELD_BYTES / 2);
        assertThat(new RunNotes(limit, "", "").target()).hasSize(RunNotes.MAX_FIELD_BYTES / 2);
        assertThatThrownBy(() -> new RunNotes("", "", limit + "x"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("analysis: 65,537 bytes; at most 64 KB");
        assertThatThrownBy(() -> new RunNotes(null, "", ""))
                .hasMessage("target: missing");
    }

    @Test
    void notesThatCannotBeReadAreNeverOverwritten() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path file = run.resolve(NotesFile.NAME);
        byte[] latin1 = {'N', 'o', 't', 'e', ':', ' ', (byte) 0xe9, '\n'};
        Files.write(file, latin1);
        assertThatThrownBy(() -> NotesFile.write(run, RunNotes.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": not a text file (it is not UTF-8)");
        assertThat(Files.readAllBytes(file)).isEqualTo(latin1);

        Files.writeString(file, "## Target\n" + "x".repeat(RunNotes.MAX_FIELD_BYTES + 1));
        assertThatThrownBy(() -> NotesFile.read(run)).hasMessageStartingWith(file
                + ": target: 65,537 bytes");
        Files.writeString(file, "x".repeat(NotesFile.MAX_BYTES + 1));
        assertThatThrownBy(() -> NotesFile.write(run, RunNotes.empty()))
                .hasMessage(file + ": larger than 1 MB; notes are a few paragraphs");
    }

    @Test
    void aRunWithoutNotesShowsItsFiguresAsTheStartOfItsResults() throws IOException {
        Path run = RunFolders.write(tmp.resolve("tiny-run"), 4, 0.990, 0.995, 0.993);
        NotesFile.Shown shown = NotesFile.show(run);
        assertThat(shown.prefilled()).isTrue();
        assertThat(shown.notes().target()).isEmpty();
        assertThat(shown.notes().results()).isEqualTo(
                Attempt.read(run, "run").figures().results())
                .contains("99.50% (epoch 2 of 3; 4 planned)", "at or above 99.4%: 2");

        NotesFile.write(run, new RunNotes("mine", "", ""));
        assertThat(NotesFile.show(run)).isEqualTo(new NotesFile.Shown(
                new RunNotes("mine", "", ""), false));

        Path empty = Files.createDirectories(tmp.resolve("not-a-run"));
        assertThat(NotesFile.show(empty)).isEqualTo(new NotesFile.Shown(RunNotes.empty(), true));
    }
}
