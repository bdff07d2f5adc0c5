package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrittenFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFileIsReplaceableOnlyIfNewUnchangedOrTheSame() throws IOException {
        byte[] text = "weights".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("a.py"), text);
        WrittenFiles written = WrittenFiles.read(dir, ".list");
        assertThat(written.existed()).isFalse();
        assertThat(written.mayReplace("new.py", text)).isTrue();
        assertThat(written.mayReplace("a.py", text)).isTrue();
        // Someone else's file, with other content: theirs.
        assertThat(written.mayReplace("a.py", new byte[] {1})).isFalse();
        written.record("a.py");
        written.save();
        WrittenFiles again = WrittenFiles.read(dir, ".list");
        assertThat(again.existed()).isTrue();
        assertThat(again.unchanged("a.py")).isTrue();
        assertThat(again.mayReplace("a.py", new byte[] {1})).isTrue();
        Files.writeString(dir.resolve("a.py"), "edited", StandardCharsets.UTF_8);
        assertThat(again.unchanged("a.py")).isFalse();
        assertThat(again.mayReplace("a.py", new byte[] {1})).isFalse();
        // sha256sum's own format, so sha256sum -c checks it too.
        assertThat(Files.readString(dir.resolve(".list")))
                .isEqualTo(sha256(text) + "  a.py\n");
    }

    @Test
    void anEarlierReportsListKeepsItsReadmeItsOwn() throws IOException {
        // report's list before each file had its checksum: the README's, then the names.
        byte[] readme = "# report\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("README.md"), readme);
        Files.writeString(dir.resolve(".backprop-lab-report"), sha256(readme)
                + "\ncompare-loss.png\nREADME.md\n", StandardCharsets.UTF_8);
        WrittenFiles written = WrittenFiles.read(dir, ".backprop-lab-report");
        assertThat(written.names()).containsExactly("compare-loss.png", "README.md");
        assertThat(written.unchanged("README.md")).isTrue();
        Files.writeString(dir.resolve("README.md"), "# mine\n", StandardCharsets.UTF_8);
        assertThat(written.unchanged("README.md")).isFalse();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
