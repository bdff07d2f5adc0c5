package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write names its file and the cause, keeps the old file and leaves no temp file. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskBuriedInALibrarysExceptionIsNamedWithTheFile() throws IOException {
        Path target = dir.resolve("BackPropagation.xlsx");
        Files.writeString(target, "the earlier good one");
        // As POI does: its own runtime exception around the disk's error.
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("Failed to save: content types part",
                    new UncheckedIOException(new IOException("No space left on device")));
        })).isInstanceOf(IOException.class)
                .hasMessage("cannot write " + target + ": no space left on device");
        assertThat(Files.readString(target)).isEqualTo("the earlier good one");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aWriterBugIsNotDisguisedAsADiskError() {
        Path target = dir.resolve("a.txt");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            throw new IllegalStateException("a bug");
        })).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
    }

    @Test
    void staleTemporariesOfAKilledWriterAreRemovedAndNothingElse() throws IOException {
        Path stale = Files.writeString(dir.resolve(".epoch-002.ckpt.4242.123456789.tmp"), "half");
        Path kept = Files.writeString(dir.resolve("epoch-001.ckpt"), "whole");
        Path notOurs = Files.writeString(dir.resolve("notes.tmp"), "mine");
        AtomicFiles.removeStaleTemporaries(dir);
        assertThat(stale).doesNotExist();
        assertThat(kept).exists();
        assertThat(notOurs).exists();
    }

    @Test
    void aFolderThatCannotBeCreatedIsBadInputNamingTheOption() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> AtomicFiles.requireWritableDirectory(file.resolve("sub"), "--out"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--out: ");
    }

    @Test
    void aFileWhereAFolderOfThePathBelongsIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Path target = file.resolve("x.txt");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "y"))
                .isInstanceOf(AtomicFiles.CannotWriteException.class)
                .hasMessage("cannot write " + target + ": " + file + " is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
