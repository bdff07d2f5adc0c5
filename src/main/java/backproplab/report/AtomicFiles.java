package backproplab.report;

import backproplab.InvalidInputException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Every output and checkpoint is written to a temporary file beside its target and renamed over it,
 * so an interrupted or failed write never leaves a half-written file in place of a good one.
 */
public final class AtomicFiles {

    private static final String TEMP_PREFIX = ".";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String NO_SPACE = "no space left on device";

    private AtomicFiles() {}

    /**
     * A file could not be written where the user's options put it (a folder in its place, no
     * permission, a read-only file system): the message names the file and says why, and the
     * command line treats it as bad input. A full disk is not: the same command succeeds once
     * there is room, so it stays a failure (a plain IOException).
     */
    public static final class CannotWriteException extends IOException {
        CannotWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * @throws CannotWriteException whose message names {@code target} and the cause ("no space
     *                     left on device"), however deep a library (POI, DJL) buried it
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        FirstFailure failures = new FirstFailure();
        try {
            Files.createDirectories(dir);
            // Not createTempFile: its owner-only permissions would stick to the renamed output.
            tmp = Files.createFile(dir.resolve(TEMP_PREFIX + target.getFileName() + "."
                    + ProcessHandle.current().pid() + "." + System.nanoTime() + TEMP_SUFFIX));
            try (OutputStream out = new BufferedOutputStream(failures.watch(
                    Files.newOutputStream(tmp)))) {
                writer.writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // A library may swallow the file's own error and throw one of its own without it.
            IOException cause = failures.first != null ? failures.first : ioCause(e);
            if (cause == null) {
                throw e;
            }
            String why = reason(cause);
            String message = "cannot write " + target + ": " + why;
            throw why.equals(NO_SPACE) ? new IOException(message, e)
                    : new CannotWriteException(message, e);
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Removes the temporary files a killed writer left in {@code dir}; only for a folder this
     * process owns (a run folder under its lock), where no other writer can be at work.
     */
    public static void removeStaleTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX)
                        && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Remembers the first error of the file's stream, whatever a writer does with it. */
    private static final class FirstFailure {
        IOException first;

        OutputStream watch(OutputStream file) {
            return new FilterOutputStream(file) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        out.write(b, off, len);
                    } catch (IOException e) {
                        throw noted(e);
                    }
                }

                @Override
                public void write(int b) throws IOException {
                    try {
                        out.write(b);
                    } catch (IOException e) {
                        throw noted(e);
                    }
                }

                @Override
                public void flush() throws IOException {
                    try {
                        out.flush();
                    } catch (IOException e) {
                        throw noted(e);
                    }
                }
            };
        }

        private IOException noted(IOException e) {
            if (first == null) {
                first = e;
            }
            return e;
        }
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** What a person can act on: the disk is full, permission denied, or what the system said. */
    private static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return NO_SPACE;
            }
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder: " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException f) {
            // What creating the target's folders meets where a folder of the path belongs.
            return f.getFile() + " is a file, not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Makes sure {@code dir} exists and can take new files, failing before any work is done.
     *
     * @throws IOException with a message that names the folder and what is wrong with it
     */
    public static Path requireWritableDirectory(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " exists and is not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create folder " + dir + " (" + reason(e) + ")");
        }
        Path probe;
        try {
            probe = Files.createTempFile(dir, TEMP_PREFIX + "write-test", TEMP_SUFFIX);
        } catch (IOException e) {
            throw new IOException("cannot write to folder " + dir);
        }
        Files.deleteIfExists(probe);
        return dir;
    }

    /**
     * Fails, before any of them is written, if one of {@code targets} cannot be replaced by a
     * file because a folder has its name: a command that writes several files then leaves
     * either all of them new or all of them as they were, not a mix.
     *
     * @throws CannotWriteException naming the first such target
     */
    public static void requireReplaceable(List<Path> targets) throws CannotWriteException {
        for (Path target : targets) {
            if (Files.isDirectory(target)) {
                throw new CannotWriteException("cannot write " + target + ": is a folder", null);
            }
        }
    }

    /**
     * As {@link #requireWritableDirectory(Path)}, for a folder the user named with {@code option}.
     */
    public static Path requireWritableDirectory(Path dir, String option) {
        try {
            return requireWritableDirectory(dir);
        } catch (IOException e) {
            throw new InvalidInputException(option + ": " + e.getMessage());
        }
    }
}
