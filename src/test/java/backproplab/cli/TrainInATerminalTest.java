package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.report.ConfusionPictures;
import backproplab.testing.BackpropLabJvm;
import backproplab.testing.ExternalTools;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} as a person sees it in an 80-column terminal: util-linux {@code script} gives it
 * a pseudo-terminal, and the raw output is replayed as a terminal would show it. Then
 * {@code evaluate} on the run it trained.
 */
class TrainInATerminalTest {

    private static final int COLUMNS = 80;

    @TempDir
    static Path dir;
    /** What the terminal received from {@code train}, escape sequences and all. */
    private static String raw;

    @BeforeAll
    static void trainInAPseudoTerminal() throws Exception {
        String skipped = "train-in-a-terminal tests skipped";
        Path script = ExternalTools.require("util-linux script", skipped, "script");
        // macOS's script (BSD's) takes other options.
        assumeTrue(ExternalTools.output(script, "--version").contains("util-linux"),
                () -> script + " is not util-linux's: " + skipped);
        String command = String.format(Locale.ROOT, "stty cols %d rows 24; exec %s", COLUMNS,
                BackpropLabJvm.command(List.of(), "train", "--model", "tiny", "--epochs", "2",
                        "--limit", "256", "--threads", "2", "--out", dir.resolve("run")
                                .toString()).stream().map(word -> "'" + word + "'")
                        .collect(Collectors.joining(" ")));
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "-qfec", command, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("raw.txt").toFile());
        // The width must come from the terminal itself, as in a shell that does not export it.
        pb.environment().remove("COLUMNS");
        pb.environment().remove("BACKPROP_LAB_HOME");
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
        raw = Files.readString(dir.resolve("raw.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(raw).isZero();
    }

    @Test
    void progressRedrawsInPlaceAndEachEpochLeavesOneLineThatFits() {
        // Redrawn while training and while testing, with speed and time left...
        assertThat(raw).contains("\repoch 1/2 ", "\repoch 2/2 ", "\rtest ", "img/s", " left");
        Screen screen = replay(raw, COLUMNS);
        // ... nothing so wide that the terminal wrapped it (its \r would then redraw only the
        // last row and leave the others behind) ...
        assertThat(screen.wraps()).as(String.join("\n", screen.lines())).isZero();
        // ... nothing of it left behind: one header, one row per epoch.
        assertThat(screen.lines()).noneMatch(l -> l.contains("img/s"));
        assertThat(screen.lines())
                .filteredOn(l -> l.startsWith("epoch ") && l.contains("train loss")).hasSize(1);
        assertThat(screen.lines()).filteredOn(l -> l.matches("[12]/2 .*")).hasSize(2);
    }

    @Test
    void theConfusionPictureShowsTheCountsOfConfusionTxt() throws IOException {
        Run run = Run.of("evaluate", "--run", dir.resolve("run").toString(), "--threads", "2");
        assertThat(run.code()).as(run.err()).isZero();
        Path evaluation = dir.resolve("run").resolve("evaluation");
        int[][] counts = ConfusionPictures.parse(
                Files.readString(evaluation.resolve("confusion.txt")));
        assertThat(run.out()).contains(Files.readString(evaluation.resolve("confusion.txt"))
                .lines().filter(l -> l.startsWith("true")).findFirst().orElseThrow());
        BufferedImage png = ImageIO.read(evaluation.resolve("confusion.png").toFile());
        int errors = 0;
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                Color c = ConfusionPictures.cell(png, t, p);
                String where = "true " + t + ", predicted " + p + ": " + counts[t][p];
                if (t == p) {
                    assertThat(ConfusionPictures.isGreen(c)).as(where).isTrue();
                } else if (counts[t][p] == 0) {
                    assertThat(c).as(where).isEqualTo(Color.WHITE);
                } else {
                    errors++;
                    assertThat(c).as(where).isNotEqualTo(Color.WHITE);
                    assertThat(c.getRed()).as(where).isGreaterThan(c.getBlue());
                }
            }
        }
        // A model two short epochs old still confuses some digits: the check saw errors.
        assertThat(errors).isPositive();
        assertThat(evaluation.resolve("misclassified.png")).isNotEmptyFile();
    }

    /** The rows a terminal ends up showing, and how often it wrapped a line too long for it. */
    record Screen(List<String> lines, int wraps) {}

    /**
     * What a terminal {@code columns} wide shows for {@code raw}: a carriage return moves back to
     * the start of the current row, ESC[K clears from there, other escape sequences draw
     * nothing, and a character written past the last column starts a new row.
     */
    static Screen replay(String raw, int columns) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int column = 0;
        int wraps = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\r') {
                column = 0;
            } else if (c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
                column = 0;
            } else if (c == '\033' && i + 1 < raw.length() && raw.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < raw.length() && !Character.isLetter(raw.charAt(end))) {
                    end++;
                }
                if (end < raw.length() && raw.charAt(end) == 'K') {
                    line.setLength(Math.min(line.length(), column));
                }
                i = end;
            } else if (column == columns) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(c);
                column = 1;
                wraps++;
            } else if (column < line.length()) {
                line.setCharAt(column++, c);
            } else {
                line.append(c);
                column++;
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return new Screen(lines, wraps);
    }

    @Test
    void theReplayAppliesCarriageReturnsLineClearsAndWrapping() {
        assertThat(replay("abc\rxy\n\rlong line\033[K\r\033[Kshort\033[K\nend", 80))
                .isEqualTo(new Screen(List.of("xyc", "short", "end"), 0));
        // A bar one column too wide: each redraw returns only to its last row and leaves a row.
        assertThat(replay("\r12345\033[K\r12346\033[K\n", 4))
                .isEqualTo(new Screen(List.of("1234", "1234", "6"), 2));
    }
}
