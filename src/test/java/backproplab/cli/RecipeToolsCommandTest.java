package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** augment and lr-find on the command line: the grid written, bad input in one line, exit 2. */
class RecipeToolsCommandTest {

    @TempDir
    Path dir;

    @Test
    void augmentWritesARowPerDigitAndAColumnPerEpochAfterTheOriginal() throws Exception {
        Path png = dir.resolve("grid.png");
        Run run = Run.of("augment", "--model", "s6", "--rotation", "15", "--labels", "4,9",
                "--digits", "3", "--draws", "8", "--limit", "1000", "--out", png.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 digit(s), rotation ±15°, shift ±0 px, seed 1,"
                + " epochs 1-8");
        BufferedImage grid = ImageIO.read(png.toFile());
        Run more = Run.of("augment", "--model", "s6", "--labels", "4,9", "--digits", "3",
                "--draws", "12", "--limit", "1000", "--out", dir.resolve("wider.png").toString());
        assertThat(more.code()).as(more.err()).isZero();
        // Four more columns, each as wide as the others; the same three rows.
        BufferedImage wider = ImageIO.read(dir.resolve("wider.png").toFile());
        assertThat(wider.getWidth()).isGreaterThan(grid.getWidth());
        assertThat((wider.getWidth() - grid.getWidth()) % 4).isZero();
        assertThat(wider.getHeight()).isEqualTo(grid.getHeight());
    }

    @Test
    void augmentReplacesAPictureButNothingElse() throws Exception {
        Path csv = dir.resolve("metrics.csv");
        Files.writeString(csv, "epoch,test_accuracy\n1,0.99\n");
        Path txt = dir.resolve("notes.txt");
        for (Path out : List.of(csv, dir, txt)) {
            Run run = Run.of("augment", "--model", "s6", "--limit", "1000", "--out",
                    out.toString());
            assertThat(run.code()).as(run.err()).isEqualTo(2);
            assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
            assertThat(run.err()).contains("--out: " + out);
        }
        assertThat(Files.readString(csv)).isEqualTo("epoch,test_accuracy\n1,0.99\n");
        assertThat(txt).doesNotExist();
        // A picture of an earlier run is the one file --out may replace.
        Path png = dir.resolve("grid.png");
        for (int draws : new int[] {4, 8}) {
            Run run = Run.of("augment", "--model", "s6", "--limit", "1000", "--draws",
                    String.valueOf(draws), "--out", png.toString());
            assertThat(run.code()).as(run.err()).isZero();
        }
        assertThat(ImageIO.read(png.toFile()).getWidth()).isGreaterThan(0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "augment --labels 4,12|--labels",
        "augment --digits 0|--digits",
        "augment --draws 50|--draws",
        "augment --rotation 200|--rotation",
        "augment --lr 0.1|--lr",
        "lr-find --steps 5|--steps",
        "lr-find --start 1 --end 0.5|--end",
        "lr-find --start 0|--start",
        "lr-find --epochs 3|--epochs",
        "lr-find --batch-size 0|--batch-size",
    })
    void badInputIsOneLineNamingTheOptionAndExitCode2(String args, String option) {
        Path out = dir.resolve(args.startsWith("augment") ? "x.png" : "x");
        Run run = Run.of((args + " --out " + out).split(" "));
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).contains(option).doesNotContain("\tat ", "Exception");
    }
}
