package backproplab.lab;

import backproplab.testing.SmallMnist;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The lab the page tests train in and look at: small, so that a run takes seconds. */
final class SmallLab {

    private SmallLab() {}

    /**
     * A quiet lab on {@code root}/runs with 640 training and 300 test digits in
     * {@code root}/mnist.
     */
    static LabServer start(Path root) throws IOException {
        Path data = SmallMnist.write(root.resolve("mnist"), 640, 300);
        return LabServer.start("127.0.0.1", 0, Files.createDirectories(root.resolve("runs")),
                data, new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
    }
}
