package backproplab.lab.runs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Where a run folder stands, as the runs page shows it. */
public enum RunStatus {
    RUNNING, FINISHED, INTERRUPTED, BROKEN;

    /** The lock file a training process holds while it writes the folder (see RunFolder). */
    public static final String LOCK = ".lock";

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether another process holds the folder's lock: a CLI run in progress. Only asks; writes
     * nothing. Never call it for a folder this JVM trains into: closing a second channel on the
     * same file would drop the JVM's own POSIX lock on it.
     */
    static boolean lockedByAnother(Path dir) {
        Path lock = dir.resolve(LOCK);
        if (!Files.isRegularFile(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            // Unreadable: say nothing of a process we cannot see.
            return false;
        }
    }
}
