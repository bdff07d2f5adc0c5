package backproplab.lab.workspace;

import backproplab.lab.http.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** A run folder as the pages ask for it by name: the runs, run, design and compare pages alike. */
public final class RunDirs {

    /** A run folder's name as the pages may ask for it: no separators, no leading dot. */
    private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private RunDirs() {}

    /** The folder of the run {@code name} in {@code runs}; a 404 if there is none. */
    public static Path of(Path runs, String name) {
        Path dir = runs.resolve(name);
        if (!RUN_NAME.matcher(name).matches() || !Files.isDirectory(dir)) {
            throw new NotFoundException("no run '" + name + "' in " + runs);
        }
        return dir;
    }
}
