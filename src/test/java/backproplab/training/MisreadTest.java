package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MisreadTest {

    @TempDir
    Path dir;

    @Test
    void theListReadsBackAsWritten() throws IOException {
        Path file = dir.resolve(Misread.FILE);
        List<Misread> written = List.of(new Misread(1234, 7, 1, 0.982f),
                new Misread(5, 4, 9, 0.5f));
        Misread.write(file, written);
        assertThat(Files.readString(file)).isEqualTo("index,truth,predicted,probability\n"
                + "1234,7,1,0.982000\n5,4,9,0.500000\n");
        assertThat(Misread.read(file)).isEqualTo(written);
    }

    @Test
    void aDamagedListIsRefusedNamingItsLine() throws IOException {
        Path file = dir.resolve(Misread.FILE);
        Files.writeString(file, "index,truth,predicted,probability\n1,2,3,0.5\n7,7,7,0.5\n");
        assertThatThrownBy(() -> Misread.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": line 3: not a misread digit: #7 7 as 7");
        Files.writeString(file, "1,2,3,0.5\n");
        assertThatThrownBy(() -> Misread.read(file)).hasMessageContaining("line 1: expected");
        Files.writeString(file, "index,truth,predicted,probability\n1,2,x,0.5\n");
        assertThatThrownBy(() -> Misread.read(file)).hasMessageStartingWith(file + ": line 2:");
    }
}
