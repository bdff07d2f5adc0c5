package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.model.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("locale")
class RunRecordsTest {

    @TempDir
    Path dir;

    @Test
    void aRepeatedEpochReplacesItsBatchLossesInsteadOfAddingToThem() throws IOException {
        RunFolder folder = RunFolder.create(dir.resolve("run"), new TrainSettings("tiny",
                Recipe.NOTEBOOK, 1, 2, "data/mnist", 0, 0), "test", "summary");
        RunRecords records = new RunRecords(folder);
        records.saveBatchLosses(1, new float[] {2.5f, 2.0f});
        records.saveBatchLosses(2, new float[] {1.5f, 9.0f});
        // Interrupted after epoch 2's losses were written but before its checkpoint: a resume
        // trains epoch 2 again.
        records.saveBatchLosses(2, new float[] {1.5f, 1.0f});
        List<String> rows = Files.readAllLines(folder.dir().resolve(RunRecords.BATCH_LOSSES));
        assertThat(rows).containsExactly("epoch,epochs_done,loss", "1,0.50000,2.500000",
                "1,1.00000,2.000000", "2,1.50000,1.500000", "2,2.00000,1.000000");
    }
}
