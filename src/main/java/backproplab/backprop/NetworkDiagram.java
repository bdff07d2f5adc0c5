package backproplab.backprop;

import backproplab.backprop.TinyNetwork.Biases;
import backproplab.backprop.TinyNetwork.Forward;
import backproplab.backprop.TinyNetwork.Gradients;
import backproplab.backprop.TinyNetwork.Weights;
import backproplab.report.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;

/**
 * The 2-2-2 network at one iteration, drawn for a learner without a browser or for slides: every
 * neuron with its sum and activation, the targets and errors, and every weight (and bias) with its
 * value, its gradient and the update it receives. One paint method draws both the SVG and the PNG.
 */
public final class NetworkDiagram {

    private static final int WIDTH = 1600;
    private static final int HEIGHT = 800;
    private static final double RADIUS = 86;
    private static final double X_INPUT = 170;
    private static final double X_HIDDEN = 700;
    private static final double X_OUTPUT = 1230;
    private static final double Y_TOP = 280;
    private static final double Y_BOTTOM = 600;
    /** A bias box sits this far left of its layer, between the two crossing edges. */
    private static final double BIAS_OFFSET = 108;

    private static final Color INK = new Color(0x222222);
    private static final Color EDGE = new Color(0x9aa5b1);
    private static final Color INPUT_FILL = new Color(0xfff4c2);
    private static final Color NEURON_FILL = new Color(0xe3eefa);
    private static final Color BIAS_FILL = new Color(0xf1e6fa);
    private static final Color GRADIENT = new Color(0xc0392b);
    private static final Color UPDATE = new Color(0x1e7b3c);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 26);
    private static final Font NAME = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font VALUE = new Font(Font.SANS_SERIF, Font.PLAIN, 16);

    private NetworkDiagram() {}

    /** What one diagram shows: iteration {@code row} of the run at {@code learningRate}. */
    public record View(BackpropSettings settings, double learningRate, Iteration row) {}

    /** The file name, without extension, of iteration {@code k}'s diagram at one of the rates. */
    public static String baseName(BackpropSettings s, double learningRate, int k) {
        return "network-iteration-" + k + (s.learningRates().size() == 1 ? ""
                : "-eta-" + BackpropWorkbook.rateLabel(learningRate));
    }

    /** The two files of a diagram named {@code base} in {@code dir}: its SVG and its PNG. */
    public static List<Path> files(Path dir, String base) {
        return List.of(dir.resolve(base + ".svg"), dir.resolve(base + ".png"));
    }

    /** Writes {@code base}.svg and {@code base}.png into {@code dir}; returns both paths. */
    public static List<Path> write(Path dir, String base, View view) throws IOException {
        SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT);
        paint(svg, view);
        Path svgFile = files(dir, base).get(0);
        // The element alone, without getSVGDocument()'s DOCTYPE: XML tools would fetch its DTD.
        AtomicFiles.writeString(svgFile, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + svg.getSVGElement() + "\n");

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D png = image.createGraphics();
        try {
            png.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                    RenderingHints.VALUE_ANTIALIAS_ON);
            png.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            paint(png, view);
        } finally {
            png.dispose();
        }
        Path pngFile = files(dir, base).get(1);
        AtomicFiles.write(pngFile, out -> ImageIO.write(image, "png", out));
        return List.of(svgFile, pngFile);
    }

    /** How numbers read on the diagram: values with six decimals, gradients and updates in e. */
    public static String value(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    public static String small(double v) {
        return String.format(Locale.ROOT, "%.4e", v);
    }

    /** Errors with nine significant digits, as Mazur's post prints them (0.298371109). */
    public static String error(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }

    static void paint(Graphics2D g, View view) {
        BackpropSettings s = view.settings();
        Iteration row = view.row();
        Weights w = row.weights();
        Gradients d = row.gradients();
        Forward f = row.forward();
        double eta = view.learningRate();

        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(INK);
        g.setFont(TITLE);
        g.drawString("Iteration " + row.number() + " of " + s.iterations() + ",  η = "
                + BackpropWorkbook.rateLabel(eta) + ",  E_total = " + error(f.eTotal()), 40, 56);
        g.setFont(VALUE);
        g.drawString("Each " + (s.biases().isPresent() ? "weight and bias" : "weight")
                + ": its value, ∂E_total/∂w, and its update −η·∂E_total/∂w into"
                + " iteration " + (row.number() + 1) + ".", 40, 90);

        double[] ys = {Y_TOP, Y_BOTTOM};
        // Edges first, so the neurons and labels sit on top of them.
        edges(g, X_INPUT, X_HIDDEN, ys);
        edges(g, X_HIDDEN, X_OUTPUT, ys);
        s.biases().ifPresent(b -> {
            biasEdges(g, X_HIDDEN - BIAS_OFFSET, X_HIDDEN, ys);
            biasEdges(g, X_OUTPUT - BIAS_OFFSET, X_OUTPUT, ys);
        });

        weightLabels(g, X_INPUT, X_HIDDEN, 0, w.toArray(), d.toArray(), eta);
        weightLabels(g, X_HIDDEN, X_OUTPUT, 4, w.toArray(), d.toArray(), eta);
        s.biases().ifPresent(ignored -> {
            Biases b = row.biases();
            double middle = mid(Y_TOP, Y_BOTTOM);
            biasLabel(g, "b1", b.b1(), d.dB1(), eta, s.trainBiases(), X_HIDDEN - BIAS_OFFSET,
                    middle);
            biasLabel(g, "b2", b.b2(), d.dB2(), eta, s.trainBiases(), X_OUTPUT - BIAS_OFFSET,
                    middle);
        });

        neuron(g, X_INPUT, Y_TOP, INPUT_FILL, "i1", value(s.inputs().i1()), null);
        neuron(g, X_INPUT, Y_BOTTOM, INPUT_FILL, "i2", value(s.inputs().i2()), null);
        activeNeuron(g, X_HIDDEN, Y_TOP, "h1", f.h1(), f.aH1());
        activeNeuron(g, X_HIDDEN, Y_BOTTOM, "h2", f.h2(), f.aH2());
        activeNeuron(g, X_OUTPUT, Y_TOP, "o1", f.o1(), f.aO1());
        activeNeuron(g, X_OUTPUT, Y_BOTTOM, "o2", f.o2(), f.aO2());

        double xError = X_OUTPUT + RADIUS + 24;
        errorLines(g, xError, Y_TOP, "t1 = " + value(s.targets().t1()),
                "E1 = ½(t1 − a_o1)²", "    = " + error(f.e1()));
        errorLines(g, xError, Y_BOTTOM, "t2 = " + value(s.targets().t2()),
                "E2 = ½(t2 − a_o2)²", "    = " + error(f.e2()));
        g.setFont(NAME);
        g.setColor(INK);
        g.drawString("E_total = E1 + E2 = " + error(f.eTotal()), (float) xError - 160,
                HEIGHT - 40);
    }

    private static void edges(Graphics2D g, double x1, double x2, double[] ys) {
        g.setColor(EDGE);
        g.setStroke(new BasicStroke(2.5f));
        for (double from : ys) {
            for (double to : ys) {
                g.draw(new Line2D.Double(x1, from, x2, to));
            }
        }
    }

    private static void biasEdges(Graphics2D g, double xBias, double xNeuron, double[] ys) {
        g.setColor(EDGE);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {7f, 6f}, 0f));
        for (double y : ys) {
            g.draw(new Line2D.Double(xBias, mid(Y_TOP, Y_BOTTOM), xNeuron, y));
        }
    }

    /** A hidden or output neuron: its sum (h1 = …) and its activation (a_h1 = …). */
    private static void activeNeuron(Graphics2D g, double x, double y, String name, double sum,
                                     double activation) {
        neuron(g, x, y, NEURON_FILL, name, name + " = " + value(sum),
                "a_" + name + " = " + value(activation));
    }

    private static void neuron(Graphics2D g, double x, double y, Color fill, String name,
                               String line1, String line2) {
        Ellipse2D circle = new Ellipse2D.Double(x - RADIUS, y - RADIUS, 2 * RADIUS, 2 * RADIUS);
        g.setColor(fill);
        g.fill(circle);
        g.setColor(INK);
        g.setStroke(new BasicStroke(2f));
        g.draw(circle);
        g.setFont(NAME);
        centred(g, name, x, y - (line2 == null ? 8 : 20));
        g.setFont(VALUE);
        centred(g, line1, x, y + (line2 == null ? 18 : 8));
        if (line2 != null) {
            centred(g, line2, x, y + 32);
        }
    }

    /**
     * The labels of the four weights between two layers, the first of them at {@code first}
     * (0: w1..w4, 4: w5..w8). Straight edges carry their label at the middle, crossing ones near
     * their source, where the two crossing lines are still far apart. In each layer the first
     * weight joins the top neurons, the second bottom to top, the third top to bottom, the fourth
     * the bottom neurons.
     */
    private static void weightLabels(Graphics2D g, double xFrom, double xTo, int first,
                                     double[] weights, double[] gradients, double eta) {
        double[][] at = {
            {mid(xFrom, xTo), Y_TOP - 52},
            {along(xFrom, xTo, 0.3), along(Y_BOTTOM, Y_TOP, 0.3)},
            {along(xFrom, xTo, 0.3), along(Y_TOP, Y_BOTTOM, 0.3)},
            {mid(xFrom, xTo), Y_BOTTOM + 52}};
        for (int k = 0; k < 4; k++) {
            int index = first + k;
            weightLabel(g, "w" + (index + 1), weights[index], gradients[index], eta, at[k][0],
                    at[k][1]);
        }
    }

    private static void weightLabel(Graphics2D g, String name, double value, double gradient,
                                    double eta, double x, double y) {
        label(g, x, y, Color.WHITE, name + " = " + value(value),
                "∂E/∂" + name + " = " + small(gradient), "update " + small(-eta * gradient));
    }

    private static void biasLabel(Graphics2D g, String name, double value, double gradient,
                                  double eta, boolean trained, double x, double y) {
        label(g, x, y, BIAS_FILL, name + " = " + value(value),
                "∂E/∂" + name + " = " + small(gradient),
                trained ? "update " + small(-eta * gradient) : "fixed: no update");
    }

    /** Three lines on a rounded box centred at (x, y): name = value, gradient, update. */
    private static void label(Graphics2D g, double x, double y, Color fill, String first,
                              String gradient, String update) {
        g.setFont(VALUE);
        FontMetrics m = g.getFontMetrics();
        double width = 16 + List.of(first, gradient, update).stream()
                .mapToInt(m::stringWidth).max().orElse(0);
        double line = m.getHeight();
        double height = 3 * line + 10;
        RoundRectangle2D box = new RoundRectangle2D.Double(x - width / 2, y - height / 2, width,
                height, 12, 12);
        g.setColor(fill);
        g.fill(box);
        g.setColor(EDGE);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(box);
        double top = y - height / 2 + 5 + m.getAscent();
        g.setColor(INK);
        centred(g, first, x, top);
        g.setColor(GRADIENT);
        centred(g, gradient, x, top + line);
        g.setColor(UPDATE);
        centred(g, update, x, top + 2 * line);
    }

    private static void errorLines(Graphics2D g, double x, double y, String... lines) {
        g.setFont(VALUE);
        g.setColor(INK);
        double step = g.getFontMetrics().getHeight() + 2;
        for (int k = 0; k < lines.length; k++) {
            g.drawString(lines[k], (float) x, (float) (y - step + k * step + 6));
        }
    }

    private static void centred(Graphics2D g, String text, double x, double baseline) {
        g.drawString(text, (float) (x - g.getFontMetrics().stringWidth(text) / 2.0),
                (float) baseline);
    }

    private static double mid(double a, double b) {
        return (a + b) / 2;
    }

    private static double along(double from, double to, double t) {
        return from + t * (to - from);
    }
}
