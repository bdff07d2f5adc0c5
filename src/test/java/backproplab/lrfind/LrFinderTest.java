package backproplab.lrfind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backproplab.model.Models;
import backproplab.training.Engines;
import backproplab.training.TrainSettings;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small real range test: lean on the first 300 training images, 30 steps. */
class LrFinderTest {

    @TempDir
    Path dir;

    @Test
    void aSmallRangeTestTrainsWithTheRatesAndSmoothsItsRealLosses() throws Exception {
        Engines.configure(1);
        TrainSettings settings = new TrainSettings(Models.LEAN,
                Models.LEAN.recipe().toBuilder().batchSize(32).build(), 1, 1, "data/mnist", 300,
                0);
        RateRange range = new RateRange(1e-4, 1, 30);
        List<Integer> heard = new ArrayList<>();
        RangeTestResult r = LrFinder.run(settings, range, line -> { },
                (step, rate, smoothed) -> heard.add(step));
        // 300 images of 32 are 10 batches an epoch: the test goes on into epochs 2 and 3.
        assertThat(r.taken()).isBetween(20, 30);
        assertThat(heard).hasSize(r.steps());
        SmoothedLoss again = new SmoothedLoss();
        for (int k = 0; k < r.steps(); k++) {
            assertThat(heard.get(k)).isEqualTo(k);
            assertThat(r.rates()[k]).isEqualTo(range.rate(k));
            assertThat(r.losses()[k]).isFinite().isPositive();
            assertThat(r.smoothed()[k]).isCloseTo(again.add(r.losses()[k]), within(1e-12));
        }
        // An untrained classifier of ten classes starts near ln 10.
        assertThat(r.losses()[0]).isCloseTo(Math.log(10), within(0.6));
        assertThat(r.suggestion().any()).isTrue();

        RangeTestFiles.write(dir, "lean", r);
        List<String> csv = Files.readAllLines(dir.resolve(RangeTestFiles.CSV),
                StandardCharsets.UTF_8);
        assertThat(csv).hasSize(r.steps() + 1);
        assertThat(csv.get(0)).isEqualTo("step,rate,loss,smoothed_loss");
        String[] first = csv.get(1).split(",");
        assertThat(Double.parseDouble(first[1])).isCloseTo(1e-4, within(1e-10));
        assertThat(Double.parseDouble(first[2])).isCloseTo(r.losses()[0], within(1e-6));
        BufferedImage chart = ImageIO.read(dir.resolve(RangeTestFiles.CHART).toFile());
        assertThat(chart.getWidth()).isEqualTo(900);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly(RangeTestFiles.CSV, RangeTestFiles.CHART);
        }
    }
}
