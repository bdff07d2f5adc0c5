package backproplab.model;

/**
 * Which input pixels one output position sees: output (y, x) sees the square of side
 * {@code field} whose top-left corner is at ({@code start} + y·jump, {@code start} + x·jump); a
 * negative start is padding beyond the image's edge. {@code jump} is the input pixels between
 * neighbouring outputs.
 */
public record Coverage(int field, int jump, int start) {

    public static final Coverage PIXEL = new Coverage(1, 1, 0);

    /**
     * After a sliding window of {@code span} input positions (a kernel's extent, dilation
     * included), moved {@code stride} at a time, over an input padded by {@code padding}.
     */
    public Coverage window(int span, int stride, int padding) {
        return new Coverage(field + (span - 1) * jump, jump * stride, start - padding * jump);
    }

    /** After a layer that mixes all {@code size} positions of the map (a global pool, a Linear). */
    public Coverage whole(int size) {
        return new Coverage(field + (size - 1) * jump, jump, start);
    }
}
