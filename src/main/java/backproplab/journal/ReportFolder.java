package backproplab.journal;

import backproplab.InvalidInputException;
import backproplab.report.AtomicFiles;
import backproplab.report.WrittenFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder a report is written into ({@code --out}). Its files are made in a staging folder
 * inside it and moved into place only once all of them are made, so a report that fails half-way
 * leaves the folder as it was.
 *
 * <p>It takes a new or empty folder, or one holding an earlier report: {@value #MANIFEST} lists
 * the files that report wrote, with their checksums ({@link WrittenFiles}). Writing again
 * replaces those files and removes the ones the new report no longer has; a README edited since
 * is refused, not overwritten, and so is any other folder that is not empty: the learner's own
 * files stay theirs.
 */
final class ReportFolder implements AutoCloseable {

    static final String README = "README.md";
    static final String MANIFEST = ".backprop-lab-report";
    private static final String STAGING_PREFIX = ".report-";
    private static final String STAGING_SUFFIX = ".tmp";
    private static final String OPTION = "--out";

    private final Path out;
    private final Path staging;
    private final boolean made;
    /** The files of the earlier report here: none for a new folder. */
    private final WrittenFiles earlier;
    private boolean done;

    private ReportFolder(Path out, Path staging, boolean made, WrittenFiles earlier) {
        this.out = out;
        this.staging = staging;
        this.made = made;
        this.earlier = earlier;
    }

    /**
     * The folder {@code out}, checked: made if missing.
     *
     * @throws InvalidInputException naming {@code --out}: not a folder, or not empty without an
     *                               earlier report, or its README edited since it was written
     */
    static ReportFolder open(Path out) throws IOException {
        boolean made = !Files.exists(out);
        if (!made && !Files.isDirectory(out)) {
            throw new InvalidInputException(OPTION + ": " + out + " is not a folder");
        }
        WrittenFiles earlier = made ? WrittenFiles.read(out, MANIFEST) : earlierReport(out);
        AtomicFiles.requireWritableDirectory(out, OPTION);
        removeStaleStaging(out);
        Path staging = Files.createDirectory(out.resolve(STAGING_PREFIX
                + ProcessHandle.current().pid() + "-" + System.nanoTime() + STAGING_SUFFIX));
        return new ReportFolder(out, staging, made, earlier);
    }

    /** The files of the report in {@code out}, or none for an empty folder. */
    private static WrittenFiles earlierReport(Path out) throws IOException {
        WrittenFiles written = WrittenFiles.read(out, MANIFEST);
        if (!written.existed()) {
            try (Stream<Path> files = Files.list(out)) {
                if (files.anyMatch(f -> !isStaging(f))) {
                    throw new InvalidInputException(OPTION + ": " + out + " is not empty and"
                            + " holds no earlier report; choose a new folder");
                }
            }
            return written;
        }
        Path readme = out.resolve(README);
        if (Files.isRegularFile(readme) && !written.unchanged(README)) {
            throw new InvalidInputException(OPTION + ": " + readme + " was edited since the"
                    + " report wrote it; move it elsewhere (or delete it) to write the report"
                    + " again");
        }
        return written;
    }

    /** Where the report's file {@code name} ("README.md") is made. */
    Path staged(String name) {
        return staging.resolve(name);
    }

    /** Where the report's folder {@code name} ("lean-1") is made; "" for the report's own. */
    Path stagedFolder(String name) throws IOException {
        return Files.createDirectories(staging.resolve(name));
    }

    /** The earlier report's file {@code name}, if it wrote one. */
    Path earlier(String name) {
        Path file = out.resolve(name);
        return earlier.listed(name) && Files.isRegularFile(file) ? file : null;
    }

    /**
     * Puts the report in place: every staged file, the README last among them; removes the
     * earlier report's files that this one does not have; then records what it wrote.
     */
    void commit() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(staging)) {
            files.filter(Files::isRegularFile).map(f -> staging.relativize(f).toString()
                    .replace('\\', '/')).sorted(Comparator.comparing(README::equals))
                    .forEach(names::add);
        }
        for (String name : names) {
            Path target = out.resolve(name);
            Files.createDirectories(target.getParent());
            Files.move(staging.resolve(name), target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        for (String name : earlier.names()) {
            if (!names.contains(name)) {
                Path gone = out.resolve(name);
                Files.deleteIfExists(gone);
                earlier.forget(name);
                if (!gone.getParent().equals(out)) {
                    deleteIfEmpty(gone.getParent());
                }
            }
        }
        for (String name : names) {
            earlier.record(name);
        }
        earlier.save();
        done = true;
    }

    /** Removes the staging folder; and the folder itself if it made it and nothing was put in. */
    @Override
    public void close() throws IOException {
        deleteTree(staging);
        if (made && !done) {
            deleteIfEmpty(out);
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // The learner's own files are in it: not ours to remove.
        }
    }

    private static boolean isStaging(Path f) {
        String name = f.getFileName().toString();
        return name.startsWith(STAGING_PREFIX) && name.endsWith(STAGING_SUFFIX);
    }

    /** What a report killed half-way left behind. */
    private static void removeStaleStaging(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(ReportFolder::isStaging).toList()) {
                deleteTree(f);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
