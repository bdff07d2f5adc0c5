package backproplab.console;

import java.nio.file.Path;

/**
 * How every command shows a path it was given or made: relative to the working folder when it
 * lies under it, however it was given (an absolute --out, evaluate's default folder), else
 * absolute. The same file then reads the same in every command's output, and lines stay within
 * 80 columns as far as the paths allow.
 */
public final class ShownPath {

    private ShownPath() {}

    /** The same file or folder, as shown: the path resolves to it from the working folder. */
    public static Path of(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(here)) {
            return absolute;
        }
        Path relative = here.relativize(absolute);
        return relative.toString().isEmpty() ? Path.of(".") : relative;
    }
}
