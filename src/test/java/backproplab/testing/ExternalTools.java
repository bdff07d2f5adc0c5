package backproplab.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The programs some tests drive (Chromium, LibreOffice, poppler, Python with PyTorch, util-linux
 * {@code script}), found as a shell finds them: on the PATH, with Windows' PATHEXT, plus where
 * macOS and Windows install the browsers. Where one is missing the test is skipped, and says
 * which program it looked for under which names: the suite runs on a learner's laptop too.
 */
public final class ExternalTools {

    public static final boolean WINDOWS = System.getProperty("os.name", "")
            .toLowerCase(Locale.ROOT).startsWith("windows");

    private static final List<String> CHROMIUM_NAMES = List.of("chromium", "chromium-browser",
            "google-chrome", "google-chrome-stable", "chrome");
    /** Where the installers put them, off the PATH. */
    private static final List<String> CHROMIUM_INSTALLED = List.of(
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "%ProgramFiles%\\Google\\Chrome\\Application\\chrome.exe",
            "%ProgramFiles(x86)%\\Google\\Chrome\\Application\\chrome.exe",
            "%LOCALAPPDATA%\\Google\\Chrome\\Application\\chrome.exe",
            "%LOCALAPPDATA%\\Chromium\\Application\\chrome.exe");
    private static final List<String> LIBREOFFICE_INSTALLED = List.of(
            "/Applications/LibreOffice.app/Contents/MacOS/soffice",
            "%ProgramFiles%\\LibreOffice\\program\\soffice.exe");
    private static final List<String> PYTHON_NAMES = List.of("python3", "python");

    private ExternalTools() {}

    /**
     * The first of {@code names} on the PATH, else the first of {@code places} (of this OS)
     * where it is installed (a {@code %VAR%} in one is that environment variable); the test is
     * skipped when there is none, saying so.
     */
    static Path require(String tool, String skipped, List<String> names, List<String> places) {
        // Windows' places start with a %VAR%, the others' with a /.
        List<String> installed = places.stream().filter(p -> p.startsWith("%") == WINDOWS)
                .toList();
        Optional<Path> found = onPath(names).stream().findFirst()
                .or(() -> installed.stream().map(ExternalTools::expand).flatMap(Optional::stream)
                        .filter(ExternalTools::isProgram).findFirst());
        assumeTrue(found.isPresent(), () -> tool + " not found on PATH (" + String.join(", ", names)
                + (installed.isEmpty() ? "" : "; nor in " + String.join(", ", installed)) + "): "
                + skipped);
        return found.get();
    }

    /** The first of {@code names} on the PATH; the test is skipped when none is, saying so. */
    public static Path require(String tool, String skipped, String... names) {
        return require(tool, skipped, List.of(names), List.of());
    }

    /** Chromium or Google Chrome, which the browser tests drive. */
    public static Path chromium() {
        return require("Chromium", "browser test skipped", CHROMIUM_NAMES, CHROMIUM_INSTALLED);
    }

    /** The chromedriver of that browser's version. */
    public static Path chromedriver() {
        return require("chromedriver", "browser test skipped", "chromedriver");
    }

    /** LibreOffice's {@code soffice}, which prints a workbook to PDF. */
    public static Path libreOffice(String skipped) {
        return require("LibreOffice", skipped, List.of("soffice"), LIBREOFFICE_INSTALLED);
    }

    /**
     * A Python that imports torch and numpy: the first on the PATH that does (a PATH may start
     * with one that has neither, as pyenv's does).
     */
    public static Path pythonWithTorch(String skipped) {
        Optional<Path> found = PythonWithTorch.FOUND;
        assumeTrue(found.isPresent(), () -> "Python with torch and numpy not found on PATH ("
                + String.join(", ", PYTHON_NAMES) + "): " + skipped);
        return found.get();
    }

    /** Asked once per test JVM: each question starts a Python that imports torch. */
    private static final class PythonWithTorch {
        static final Optional<Path> FOUND = onPath(PYTHON_NAMES).stream()
                .filter(python -> succeeds(python, "-c", "import torch, numpy")).findFirst();
    }

    /** What {@code program args} prints, stdout and stderr, or "" when it cannot be run. */
    public static String output(Path program, String... args) {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(2, TimeUnit.MINUTES) ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static boolean succeeds(Path program, String... args) {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Every program of {@code names} on the PATH: name by name, each in the PATH's order. */
    private static List<Path> onPath(List<String> names) {
        Set<Path> found = new LinkedHashSet<>();
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                for (String file : fileNames(name)) {
                    try {
                        Path candidate = Path.of(dir.isEmpty() ? "." : dir, file);
                        if (isProgram(candidate)) {
                            found.add(candidate.toAbsolutePath());
                        }
                    } catch (InvalidPathException e) {
                        // a PATH entry no file can be in
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** On Windows a command's file ends with one of PATHEXT's extensions, unless typed with it. */
    private static List<String> fileNames(String name) {
        if (!WINDOWS) {
            return List.of(name);
        }
        List<String> files = new ArrayList<>();
        if (name.contains(".")) {
            files.add(name);
        }
        String pathext = Optional.ofNullable(System.getenv("PATHEXT"))
                .orElse(".COM;.EXE;.BAT;.CMD");
        for (String ext : pathext.split(";")) {
            if (!ext.isBlank()) {
                files.add(name + ext.toLowerCase(Locale.ROOT));
            }
        }
        return files;
    }

    private static boolean isProgram(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    /** {@code %VAR%} replaced by that environment variable; empty when one is not set. */
    private static Optional<Path> expand(String location) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int start = location.indexOf('%', at);
            if (start < 0) {
                break;
            }
            int end = location.indexOf('%', start + 1);
            String value = System.getenv(location.substring(start + 1, end));
            if (value == null) {
                return Optional.empty();
            }
            out.append(location, at, start).append(value);
            at = end + 1;
        }
        out.append(location.substring(at));
        try {
            return Optional.of(Path.of(out.toString()));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
