package backproplab.report;

import backproplab.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a command wrote into a folder the user names ({@code report --out}, {@code export
 * --out}), each with its SHA-256, kept in a list in that folder. Run again, the command can then
 * tell its own files, unchanged since, which it may replace, from a file someone edited or put
 * there, which it must not: nothing the learner wrote is lost.
 *
 * <p>The list is in {@code sha256sum}'s format, "checksum, two spaces, name" a line, so
 * {@code sha256sum -c} checks it as well.
 */
public final class WrittenFiles {

    private static final String SEPARATOR = "  ";
    private static final int CHECKSUM_LENGTH = 64;

    private final Path dir;
    private final Path list;
    private final boolean existed;
    /** Each file's checksum by its name under {@link #dir}; null where none was recorded. */
    private final Map<String, String> checksums;

    private WrittenFiles(Path dir, Path list, boolean existed, Map<String, String> checksums) {
        this.dir = dir;
        this.list = list;
        this.existed = existed;
        this.checksums = checksums;
    }

    /**
     * The list {@code listName} in {@code dir}; an empty one where there is none (nor perhaps the
     * folder) yet.
     */
    public static WrittenFiles read(Path dir, String listName) throws IOException {
        Path list = dir.resolve(listName);
        Map<String, String> checksums = new LinkedHashMap<>();
        if (!Files.isRegularFile(list)) {
            return new WrittenFiles(dir, list, false, checksums);
        }
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        String legacy = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = line.indexOf(SEPARATOR);
            if (at == CHECKSUM_LENGTH) {
                checksums.put(line.substring(at + SEPARATOR.length()), line.substring(0, at));
            } else if (i == 0 && line.length() == CHECKSUM_LENGTH) {
                legacy = line;
            } else if (!line.isEmpty()) {
                checksums.put(line, null);
            }
        }
        // A report's list from before every file had its checksum: its first line was the
        // checksum of its README, the file it listed last. Read so, it is still its own.
        if (legacy != null && !checksums.isEmpty()) {
            String last = checksums.keySet().stream().reduce((a, b) -> b).orElseThrow();
            checksums.put(last, legacy);
        }
        return new WrittenFiles(dir, list, true, checksums);
    }

    /** Whether the folder held the list: the command wrote into it before. */
    public boolean existed() {
        return existed;
    }

    /** The files listed, in the order they were recorded. */
    public List<String> names() {
        return List.copyOf(checksums.keySet());
    }

    /** Whether {@code name} is listed: the command wrote it (it may be edited or gone since). */
    public boolean listed(String name) {
        return checksums.containsKey(name);
    }

    /** Whether {@code name} is a file the command wrote and nobody changed since. */
    public boolean unchanged(String name) throws IOException {
        String recorded = checksums.get(name);
        Path file = dir.resolve(name);
        return recorded != null && Files.isRegularFile(file) && recorded.equals(sha256(file));
    }

    /**
     * Whether the command may put {@code content} in place of {@code name}: there is no such
     * file, or it holds that very content, or the command wrote it and nobody changed it since.
     * A file anyone else wrote or edited is theirs.
     */
    public boolean mayReplace(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            return true;
        }
        return Files.isRegularFile(file) && (Files.size(file) == content.length
                && Arrays.equals(Files.readAllBytes(file), content) || unchanged(name));
    }

    /** Records {@code name}, as it is now in the folder, as written by the command. */
    public void record(String name) throws IOException {
        checksums.put(name, sha256(dir.resolve(name)));
    }

    /** Takes {@code name} off the list: the command removed it. */
    public void forget(String name) {
        checksums.remove(name);
    }

    /** Writes the list into the folder (after the files it lists, so it never lists one ahead). */
    public void save() throws IOException {
        StringBuilder text = new StringBuilder();
        checksums.forEach((name, sum) -> text.append(sum).append(SEPARATOR).append(name)
                .append('\n'));
        AtomicFiles.writeString(list, text.toString());
    }

    private static String sha256(Path file) throws IOException {
        return Sha256.ofFile(file);
    }
}
