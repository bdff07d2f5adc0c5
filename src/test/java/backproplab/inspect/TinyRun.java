package backproplab.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One quickly trained run shared by every test of the CNN's insides in this JVM: model tiny, one
 * epoch on 2,000 digits (about 10-40 s). Its accuracy is poor, and need not be better: the tests
 * compare the lab with evaluate, not with the truth.
 */
public final class TinyRun {

    private static Path folder;

    private TinyRun() {}

    /** The run folder, trained on first use. */
    public static synchronized Path folder() throws IOException {
        if (folder == null) {
            Path runs = Files.createDirectories(Path.of("target", "test-runs"));
            Path dir = Files.createTempDirectory(runs, "tiny-").resolve("tiny-1-epoch");
            int code = BackpropLab.execute("train", "--model", "tiny", "--epochs", "1", "--limit",
                    "2000", "--seed", "1", "--out", dir.toString());
            assertThat(code).as("training the shared tiny run").isZero();
            folder = dir;
        }
        return folder;
    }

    /** The run's best model. */
    public static Path best() throws IOException {
        return folder().resolve("best.ckpt");
    }
}
