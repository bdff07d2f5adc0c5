package backproplab.report;

import java.awt.geom.Rectangle2D;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * What XChart draws on a chart: the tick labels of its axes (read after a drawing) and its
 * annotations. XChart keeps the axes and annotations to its own package, so they are read by
 * reflection here rather than from a class planted in XChart's package.
 */
public final class XChartParts {

    private XChartParts() {}

    /** The texts and shapes drawn on the plot besides the series. */
    public static int annotations(XYChart chart) {
        return ((List<?>) read(chart, "annotations")).size();
    }

    /** A drawn label and where its tick is on the image: x on the x axis, y on the y axis. */
    public record Tick(String label, double pixel) {}

    public static List<Tick> xTicks(XYChart chart) {
        BitmapEncoder.getBufferedImage(chart);
        return drawn((Axis<?, ?>) call(chart, "getXAxis"), false);
    }

    public static List<Tick> yTicks(XYChart chart) {
        BitmapEncoder.getBufferedImage(chart);
        return drawn((Axis<?, ?>) call(chart, "getYAxis"), true);
    }

    /** As AxisTickLabels draws them: those with a label, strictly inside the axis. */
    private static List<Tick> drawn(Axis<?, ?> axis, boolean vertical) {
        Rectangle2D bounds = axis.getBounds();
        AxisTickCalculator ticks = axis.getAxisTickCalculator();
        List<Tick> drawn = new ArrayList<>();
        for (int i = 0; i < ticks.getTickLabels().size(); i++) {
            String label = ticks.getTickLabels().get(i);
            double at = ticks.getTickLocations().get(i);
            double pixel = vertical ? bounds.getY() + bounds.getHeight() - at : bounds.getX() + at;
            double from = vertical ? bounds.getY() : bounds.getX();
            double to = from + (vertical ? bounds.getHeight() : bounds.getWidth());
            if (label != null && pixel > from && pixel < to) {
                drawn.add(new Tick(label, pixel));
            }
        }
        return drawn;
    }

    private static Object read(XYChart chart, String field) {
        try {
            Field f = Chart.class.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(chart);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("XChart has no field " + field + " any more", e);
        }
    }

    private static Object call(XYChart chart, String method) {
        try {
            Method m = Chart.class.getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(chart);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("XChart has no method " + method + " any more", e);
        }
    }
}
