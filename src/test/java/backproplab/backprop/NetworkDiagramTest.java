package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

/** The network diagram shows iteration K's numbers: checked against Matt Mazur's published ones. */
class NetworkDiagramTest {

    @TempDir
    Path dir;

    private static final BackpropSettings MAZUR = BackpropSettings.mazur();

    @Test
    void iterationOneShowsMazursForwardPassGradientsAndUpdates() throws Exception {
        List<String> texts = textsOf(diagram(1));
        // E_total 0.298371109, ∂E/∂w5 = 0.082167041 and its update −0.5 · 0.082167041.
        assertThat(texts).anyMatch(t -> t.contains("E_total = 0.298371109"));
        assertThat(texts).contains("∂E/∂w5 = 8.2167e-02", "update -4.1084e-02",
                "a_h1 = 0.593270", "a_o1 = 0.751365", "a_o2 = 0.772928", "w5 = 0.400000",
                "b1 = 0.350000", "b2 = 0.600000", "fixed: no update", "t1 = 0.010000");
    }

    @Test
    void iterationTwoShowsTheUpdatedWeightsNotTheFirstOnes() throws Exception {
        List<String> texts = textsOf(diagram(2));
        // Mazur's w5+ = 0.35891648, w1+ = 0.149780716, w8+ = 0.561370121, and E_total after
        // one update 0.291027773693599.
        assertThat(texts).contains("w5 = 0.358916", "w1 = 0.149781", "w8 = 0.561370")
                .doesNotContain("w5 = 0.400000");
        assertThat(texts).anyMatch(t -> t.contains("E_total = 0.291027774"));
    }

    @Test
    void thePngIsTheSameDrawing() throws IOException {
        List<Path> files = diagram(1);
        BufferedImage png = ImageIO.read(files.get(1).toFile());
        assertThat(files.get(1).getFileName().toString()).isEqualTo("network-iteration-1.png");
        assertThat(png.getWidth()).isGreaterThan(1000);
        assertThat(png.getHeight()).isGreaterThan(600);
    }

    private List<Path> diagram(int k) throws IOException {
        return NetworkDiagram.write(dir, NetworkDiagram.baseName(MAZUR, 0.5, k),
                new NetworkDiagram.View(MAZUR, 0.5, GradientDescent.run(MAZUR, 0.5).get(k - 1)));
    }

    /** Every text element of the SVG file, parsed as XML. */
    private static List<String> textsOf(List<Path> files) throws Exception {
        assertThat(files.get(0).getFileName().toString()).endsWith(".svg");
        NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(files.get(0).toFile()).getElementsByTagName("text");
        List<String> texts = new ArrayList<>();
        for (int k = 0; k < nodes.getLength(); k++) {
            texts.add(nodes.item(k).getTextContent().strip());
        }
        return texts;
    }
}
