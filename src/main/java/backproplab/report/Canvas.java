package backproplab.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The pictures drawn with plain Java2D: a white, antialiased page, written as a PNG. */
final class Canvas {

    private Canvas() {}

    /** A white picture and its pen: black, text and lines antialiased. */
    static Graphics2D white(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }

    static void centre(Graphics2D g, String text, int x, int baseline) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, x - m.stringWidth(text) / 2, baseline);
    }

    static void writePng(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }
}
