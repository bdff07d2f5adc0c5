package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.backprop.BackpropJob;
import backproplab.backprop.BackpropWorkbook;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code backprop-lab backprop} end to end: what it writes, and how it turns down bad input. */
class BackpropCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheWorkbookAndNonTrivialCharts() throws IOException {
        Run run = Run.of("backprop", "--out", dir.toString());
        assertThat(run.code).isZero();
        assertThat(run.out).contains("η=0.1", "η=2", "wrote ");
        try (Workbook wb = WorkbookFactory.create(dir.resolve(BackpropJob.WORKBOOK).toFile())) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(8);
        }
        for (String png : new String[] {"loss-eta-0.1.png", "loss-eta-0.2.png", "loss-eta-0.5.png",
            "loss-eta-0.8.png", "loss-eta-1.png", "loss-eta-2.png", BackpropJob.ALL_RATES_CHART}) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(400);
            assertThat(distinctColours(image)).as(png).isGreaterThan(20);
        }
    }

    @Test
    void optionsChangeTheNetworkAndTheSweep() throws IOException {
        Run run = Run.of("backprop", "--out", dir.toString(), "--lr", "0.3,3", "--iterations", "5",
                "--inputs", "1,-1", "--targets", "0.1,0.9", "--weights", "1,2,3,4,5,6,7,8");
        assertThat(run.code).isZero();
        assertThat(dir.resolve("loss-eta-0.3.png")).exists();
        assertThat(dir.resolve("loss-eta-3.png")).exists();
        assertThat(dir.resolve("loss-eta-0.1.png")).doesNotExist();
        assertThat(run.out).contains("η=0.3", "η=3").doesNotContain("η=0.1");
    }

    @Test
    void mazursExampleWithBiases() throws IOException {
        Run run = Run.of("backprop", "--out", dir.toString(), "--targets", "0.01,0.99",
                "--biases", "0.35,0.6", "--lr", "0.5", "--iterations", "2");
        assertThat(run.code).isZero();
        // Mazur's E_total before and after the first update (0.298371109 and 0.291027774), to
        // the console's five digits.
        assertThat(run.out).contains("2.9837e-01", "2.9103e-01");
        try (Workbook wb = WorkbookFactory.create(dir.resolve(BackpropJob.WORKBOOK).toFile())) {
            assertThat(wb.getSheet("η=0.5").getRow(BackpropWorkbook.HEADER_ROW))
                    .extracting(c -> c.getStringCellValue())
                    .contains("b1", "b2", "∂E/∂b1", "∂E/∂b2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--biases=0.35", "--biases=0.35,Infinity", "--train-biases",
        "--lr=0.5,2,0.5", "--diagram=0", "--diagram=69", "--iterations=70001",
        "--iterations=11667", "--iterations=1000000000", "--weights=1,2,3", "--inputs=0.05",
        "--targets=1,2,3", "--lr=0.1,0",
        "--lr=-1", "--iterations=0", "--iterations=-5", "--weights=1,2,3,4,5,6,7,abc",
        "--inputs=NaN,1", "--targets=Infinity,0.5", "--iterations=many", "--no-such-option"})
    void badInputGetsOneLineNamingTheOptionAndKeepsEarlierOutput(String bad) throws IOException {
        Path earlier = Files.writeString(dir.resolve(BackpropJob.WORKBOOK), "earlier good output");
        Run run = Run.of("backprop", "--out", dir.toString(), bad);
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains(bad.split("=")[0]).doesNotContain("Exception", "\tat ");
        assertThat(Files.readString(earlier)).isEqualTo("earlier good output");
    }

    @Test
    void valuesThatOverflowAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path earlier = Files.writeString(dir.resolve(BackpropJob.WORKBOOK), "earlier good output");
        // h1 = 1e308·1e308 − 1e308·1e308 = ∞ − ∞ = NaN.
        Run run = Run.of("backprop", "--out", dir.toString(), "--inputs", "1e308,1e308",
                "--weights", "1e308,-1e308,1,1,1,1,1,1");
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains("--weights", "h1 = NaN", "iteration 1")
                .doesNotContain("Exception", "\tat ");
        assertThat(Files.readString(earlier)).isEqualTo("earlier good output");
        assertThat(dir.resolve(BackpropJob.ALL_RATES_CHART)).doesNotExist();
    }

    @Test
    void tinyAndHugeRatesGetShortDistinctSheetNames() throws IOException {
        Run run = Run.of("backprop", "--out", dir.toString(), "--lr", "1e-30,1.5e-30,1e300",
                "--iterations", "3");
        assertThat(run.code).as(run.err).isZero();
        try (Workbook wb = WorkbookFactory.create(dir.resolve(BackpropJob.WORKBOOK).toFile())) {
            assertThat(wb.getSheet("η=1E-30")).isNotNull();
            assertThat(wb.getSheet("η=1.5E-30")).isNotNull();
            assertThat(wb.getSheet("η=1E+300")).isNotNull();
            wb.forEach(sheet -> assertThat(sheet.getSheetName().length()).isLessThanOrEqualTo(31));
        }
        assertThat(dir.resolve("loss-eta-1.5E-30.png")).exists();
    }

    @Test
    void theDiagramOfIterationKIsWrittenForEachRate() throws IOException {
        Run run = Run.of("backprop", "--out", dir.toString(), "--lr", "0.5,1", "--iterations",
                "5", "--diagram", "5");
        assertThat(run.code).as(run.err).isZero();
        for (String file : new String[] {"network-iteration-5-eta-0.5.svg",
            "network-iteration-5-eta-0.5.png", "network-iteration-5-eta-1.svg",
            "network-iteration-5-eta-1.png"}) {
            assertThat(dir.resolve(file)).isNotEmptyFile();
            assertThat(run.out).contains(file);
        }
        // The help names the files as they are written when there are several rates.
        String help = Run.of("backprop", "--help").out.replaceAll("\\s+", " ");
        assertThat(help).contains("network-iteration-K-eta-<η>.svg");
        assertThat(dir.resolve("network-iteration-K-eta-<η>.svg".replace("K", "5")
                .replace("<η>", "0.5"))).isNotEmptyFile();
    }

    @Test
    void anOutputFolderThatCannotBeWrittenIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Run run = Run.of("backprop", "--out", file.resolve("sub").toString());
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains("--out").doesNotContain("\tat ");
    }

    /** The sweep's numbers are shown before any file is written, so a failed write keeps them. */
    @Test
    void aWorkbookThatCannotBeWrittenStillLeavesTheTableOnScreen() throws IOException {
        Files.createDirectories(dir.resolve(BackpropJob.WORKBOOK));
        Run run = Run.of("backprop", "--out", dir.toString());
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains(BackpropJob.WORKBOOK).doesNotContain("\tat ");
        assertThat(run.out).contains("iteration", "η=0.1", "η=2").doesNotContain("wrote ");
    }

    /** A folder in place of a later file stops the command before the first file is replaced. */
    @Test
    void aFolderInPlaceOfALaterFileLeavesEveryFileAsItWas() throws IOException {
        Path earlier = Files.writeString(dir.resolve(BackpropJob.WORKBOOK), "earlier good output");
        Path blocked = Files.createDirectories(dir.resolve(BackpropJob.chartName(2)));
        Run run = Run.of("backprop", "--out", dir.toString(), "--iterations", "10");
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains("cannot write " + blocked + ": is a folder");
        assertThat(Files.readString(earlier)).isEqualTo("earlier good output");
        assertThat(dir.resolve(BackpropJob.chartName(0.1))).doesNotExist();
        assertThat(run.out).contains("η=2").doesNotContain("wrote ");
    }

    @Test
    void helpAndVersionWork() {
        assertThat(Run.of("--help").out).contains("backprop", "Usage");
        assertThat(Run.of("backprop", "--help").out).contains("--weights", "--lr", "--out");
        assertThat(Run.of("--version").out).contains("backprop-lab");
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    /** One run of the program with its exit code and what it printed. */
    record Run(int code, String out, String err) {
        static Run of(String... args) {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                int code = BackpropLab.execute(args);
                return new Run(code, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
    }
}
