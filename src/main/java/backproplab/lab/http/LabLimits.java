package backproplab.lab.http;

/**
 * What one lab takes on at once, so that a class hitting it together (or a load test) gets
 * quick refusals rather than a server that slows and swells until it falls over.
 *
 * @param predictions CNN predictions (a test digit, a drawing) being computed or waiting: the
 *     model answers one at a time, so more would only wait longer
 * @param eventStreams pages listening to the runs' events, each an open connection
 * @param bodyBytes the largest request body: the largest that is right is a model file (at most
 *     256 KB as typed, more as JSON) or a run's notes (three fields of at most 64 KB), whose own
 *     rules then say what is wrong with them
 * @param drawingBytes the largest drawing sent to the CNN page's model: the pad's 168 × 168 PNG
 *     is at most 113 KB even as noise (RGBA, uncompressed), a few KB as drawn
 */
public record LabLimits(int predictions, int eventStreams, int bodyBytes, int drawingBytes) {

    /** A class of 30, each with a page or two open; a prediction's answer within a second. */
    public static final LabLimits DEFAULT = new LabLimits(8, 100, 1 << 20, 256 << 10);
}
