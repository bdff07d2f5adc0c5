package backproplab.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An epoch's batches: every image once, normalised, reproducible, and each buffer kept long enough.
 */
class TrainBatchesTest {

    /**
     * {@code n} random digits; image i's first pixel is i, so a batch row tells which image it is.
     */
    private static Digits digits(int n) {
        Random random = new Random(5);
        byte[] pixels = new byte[n * Digits.PIXELS];
        byte[] labels = new byte[n];
        random.nextBytes(pixels);
        for (int i = 0; i < n; i++) {
            pixels[i * Digits.PIXELS] = (byte) i;
            labels[i] = (byte) random.nextInt(10);
        }
        return new Digits(pixels, labels, n);
    }

    private static float[] rows(TrainBatches.Batch batch) {
        FloatBuffer floats = batch.images().duplicate().order(batch.images().order())
                .asFloatBuffer();
        float[] out = new float[batch.size() * Digits.PIXELS];
        floats.get(out);
        return out;
    }

    /** The image a batch row came from, read off its first pixel. */
    private static int source(float[] rows, int row) {
        return Math.round(rows[row * Digits.PIXELS] * Digits.STD * 255 + Digits.MEAN * 255);
    }

    @Test
    void anEpochShowsEveryImageOnceNormalisedWithItsLabel() {
        Digits d = digits(250);
        Set<Integer> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        try (TrainBatches batches = new TrainBatches(d, 64, new RandomAffine(0, 0), 3, 1)) {
            assertThat(batches.batchesPerEpoch()).isEqualTo(4);
            while (batches.hasNext()) {
                TrainBatches.Batch batch = batches.next();
                sizes.add(batch.size());
                float[] rows = rows(batch);
                for (int r = 0; r < batch.size(); r++) {
                    int i = source(rows, r);
                    assertThat(seen.add(i)).as("image %d twice", i).isTrue();
                    assertThat(batch.labels()[r]).isEqualTo(d.label(i));
                    for (int p = 0; p < Digits.PIXELS; p++) {
                        float expected = ((d.pixels()[i * Digits.PIXELS + p] & 0xff) / 255f
                                - Digits.MEAN) / Digits.STD;
                        assertThat(rows[r * Digits.PIXELS + p]).isEqualTo(expected);
                    }
                }
            }
        }
        assertThat(sizes).containsExactly(64, 64, 64, 58);
        assertThat(seen).hasSize(250);
    }

    @Test
    void theSameSeedAndEpochGiveTheSameBatchesAndAnotherEpochAnotherOrder() {
        Digits d = digits(200);
        RandomAffine affine = new RandomAffine(7, 1);
        assertThat(epoch(d, affine, 1)).containsExactly(epoch(d, affine, 1));
        assertThat(java.util.Arrays.equals(epoch(d, affine, 2), epoch(d, affine, 1))).isFalse();
    }

    private static float[] epoch(Digits d, RandomAffine affine, int epoch) {
        float[] all = new float[d.count() * Digits.PIXELS];
        int at = 0;
        try (TrainBatches batches = new TrainBatches(d, 50, affine, 9, epoch)) {
            while (batches.hasNext()) {
                float[] rows = rows(batches.next());
                System.arraycopy(rows, 0, all, at, rows.length);
                at += rows.length;
            }
        }
        return all;
    }

    @Test
    void aBatchStaysIntactWhileTheNextOneTrainsAndTheOneAfterIsPrepared() throws Exception {
        Digits d = digits(256);
        try (TrainBatches batches = new TrainBatches(d, 32, new RandomAffine(5, 0), 1, 1)) {
            TrainBatches.Batch first = batches.next();
            float[] before = rows(first);
            batches.next();
            // The batch after the second is being prepared now; give it time to finish.
            Thread.sleep(50);
            assertThat(rows(first)).containsExactly(before);
        }
    }
}
