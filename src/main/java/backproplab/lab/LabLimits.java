package backproplab.lab;

/**
 * What one lab takes on at once, so that a class hitting it together (or a load test) gets
 * quick refusals rather than a server that slows and swells until it falls over.
 *
 * @param predictions CNN predictions (a test digit, a drawing) being computed or waiting: the
 *     model answers one at a time, so more would only wait longer
 * @param eventStreams pages listening to the runs' events, each an open connection
 * @param bodyBytes the largest request body: the CNN pad's drawing, 168 × 168 as a PNG, is at
 *     most 113 KB even as noise (RGBA, uncompressed), a few KB as drawn; the forms' JSON less
 */
public record LabLimits(int predictions, int eventStreams, int bodyBytes) {

    /** A class of 30, each with a page or two open; a prediction's answer within a second. */
    public static final LabLimits DEFAULT = new LabLimits(8, 100, 256 * 1024);
}
