package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.data.Digits;
import backproplab.testing.SmallMnist;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --holdout N} keeps the last N training images out of training and lets them, not the test
 * set, choose best.ckpt.
 *
 * <p>The 200 held-out images carry wrong labels (each digit's label plus one): the better the model
 * reads digits, the lower its holdout accuracy, while its test accuracy rises. So the holdout
 * picks an early epoch, the test set a late one, and best.ckpt shows which rule chose it.
 */
class HoldoutTest {

    private static final int TRAIN = 400;
    private static final int HELD = 200;
    private static final int EPOCHS = 2;

    @TempDir
    Path dir;

    @Test
    void theHoldoutIsNeverTrainedOnAndChoosesTheBestCheckpoint() throws IOException {
        Digits first = SmallMnist.shipped().train().first(TRAIN + HELD);
        byte[] labels = first.labels().clone();
        for (int i = TRAIN; i < TRAIN + HELD; i++) {
            labels[i] = (byte) ((labels[i] + 1) % 10);
        }
        Digits lyingHoldout = new Digits(first.pixels(), labels, first.count());
        Path data = SmallMnist.write(dir.resolve("data"), lyingHoldout,
                SmallMnist.shipped().test().first(200));

        JsonArray held = train("held", data, "--holdout", String.valueOf(HELD));
        JsonArray plain = train("plain", data, "--limit", String.valueOf(TRAIN));

        // Same losses, bit for bit, as a run that never had the last 200 images: the holdout run
        // trained on exactly the first 400, in the same order, to the same weights.
        for (int e = 0; e < EPOCHS; e++) {
            for (String key : new String[] {"trainLoss", "trainAccuracy", "testLoss"}) {
                assertThat(value(held, e, key)).as("epoch %d %s", e + 1, key)
                        .isEqualTo(value(plain, e, key));
            }
        }

        int byHoldout = best(held, "holdoutAccuracy");
        int byTest = best(held, "testAccuracy");
        assertThat(byHoldout).as("the two rules must pick different epochs for this test to tell"
                + " them apart").isNotEqualTo(byTest);

        // best.ckpt, evaluated on the held-out images (as a test set), is the holdout's best epoch
        // and scores its recorded holdout accuracy: the holdout is the last 200 images.
        Path heldAsTest = SmallMnist.write(dir.resolve("held-as-test"), lyingHoldout,
                lyingHoldout.slice(TRAIN, TRAIN + HELD));
        Run eval = Run.of("evaluate", "--checkpoint", dir.resolve("held/best.ckpt").toString(),
                "--data-dir", heldAsTest.toString(), "--out", dir.resolve("eval").toString(),
                "--threads", "2");
        assertThat(eval.code()).as(eval.err()).isZero();
        Matcher m = Pattern.compile("after epoch (\\d+): ([\\d.]+)% of 200 test digits")
                .matcher(eval.out());
        assertThat(m.find()).as(eval.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(byHoldout);
        assertThat(m.group(2)).isEqualTo(String.format(Locale.ROOT, "%.2f",
                100 * value(held, byHoldout - 1, "holdoutAccuracy")));
    }

    /**
     * Batches of 32 at rate 0.01: near chance after epoch 1, about 80% test accuracy after epoch 2,
     * so the wrong-labelled holdout clearly peaks at epoch 1 and the test set at epoch 2.
     */
    private JsonArray train(String name, Path data, String... options) throws IOException {
        String[] args = {"train", "--model", "s6", "--epochs", String.valueOf(EPOCHS),
            "--data-dir", data.toString(), "--seed", "5", "--threads", "2",
            "--batch-size", "32", "--lr", "0.01", "--out", dir.resolve(name).toString(),
            options[0], options[1]};
        Run run = Run.of(args);
        assertThat(run.code()).as(run.err()).isZero();
        return JsonParser.parseString(Files.readString(dir.resolve(name).resolve("metrics.json")))
                .getAsJsonArray();
    }

    private static double value(JsonArray metrics, int index, String key) {
        return metrics.get(index).getAsJsonObject().get(key).getAsDouble();
    }

    /** The epoch (from 1) with the highest value; the later one of a tie, as a run keeps it. */
    private static int best(JsonArray metrics, String key) {
        int best = 0;
        for (int e = 1; e < metrics.size(); e++) {
            if (value(metrics, e, key) >= value(metrics, best, key)) {
                best = e;
            }
        }
        return best + 1;
    }
}
