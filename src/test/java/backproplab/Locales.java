package backproplab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The default locales of students' laptops that once changed what backprop-lab wrote, and the
 * check that nothing it writes or reads back depends on them (issue 29).
 */
public final class Locales {

    /** Where the course's notation and the JVM's defaults agree. */
    public static final Locale ENGLISH = Locale.US;

    /**
     * Arabic-Indic digits and the Arabic decimal separator (ar-EG; mr-IN and fa-IR have digits
     * of their own), decimal commas (de-DE), and a dotless lower-case I (tr-TR).
     */
    public static final List<Locale> FOREIGN = Stream.of("ar-EG", "de-DE", "tr-TR", "mr-IN",
            "fa-IR").map(Locale::forLanguageTag).toList();

    /** One of each kind: other digits, a decimal comma, other case rules. */
    public static final List<Locale> KINDS = FOREIGN.subList(0, 3);

    /** The JVM's default as it started: the pom's locale executions start it in ar-EG... */
    private static final Locale STARTED = Locale.getDefault();

    private Locales() {}

    /** What {@code action} returns with {@code locale} as the JVM's default, restored after. */
    public static <T> T in(Locale locale, Callable<T> action) throws Exception {
        Locale before = Locale.getDefault();
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        Locale display = Locale.getDefault(Locale.Category.DISPLAY);
        Locale.setDefault(locale);
        try {
            return action.call();
        } finally {
            Locale.setDefault(before);
            Locale.setDefault(Locale.Category.FORMAT, format);
            Locale.setDefault(Locale.Category.DISPLAY, display);
        }
    }

    /**
     * Runs {@code action} in English and in each {@link #FOREIGN} locale, checks it returned the
     * same each time, and returns the English result. Each locale is first shown to change what
     * the JVM formats by default, so the check could fail. In a JVM started in another locale
     * than English, in that one only: the default test run has checked the others.
     */
    public static <T> T sameInEvery(Callable<T> action) throws Exception {
        return sameIn(STARTED.getLanguage().equals(ENGLISH.getLanguage()) ? FOREIGN
                : List.of(STARTED), action);
    }

    /** The same in {@code locales} only, for a check that takes seconds in each. */
    public static <T> T sameIn(List<Locale> locales, Callable<T> action) throws Exception {
        T english = in(ENGLISH, action);
        for (Locale locale : locales) {
            in(locale, () -> {
                assertThat(defaultFormat()).as("the JVM's own formatting in %s", locale)
                        .isNotEqualTo("-1,234.5 lower-case i");
                return null;
            });
            assertThat(in(locale, action)).as("in %s, against %s", locale, ENGLISH)
                    .isEqualTo(english);
        }
        return english;
    }

    /** A number and a case change as the JVM's default locale would render them. */
    public static String defaultFormat() {
        return String.format(Locale.getDefault(Locale.Category.FORMAT), "%,.1f", -1234.5)
                + " " + "LOWER-CASE I".toLowerCase(Locale.getDefault());
    }

    /**
     * Every file under {@code dir} by its path there: text files as text, checkpoints as their
     * JSON header and a digest of the weights after it, workbooks as the text of their parts,
     * other files as a digest of their bytes. Timings (the seconds an epoch took, the time a
     * workbook was created) are masked: they differ between any two runs.
     */
    public static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                files.put(name, content(f, name));
            }
        }
        return files;
    }

    private static String content(Path f, String name) throws IOException {
        if (name.endsWith(".ckpt")) {
            // As Checkpoint writes it: a magic string, the JSON length and JSON, the weights, and
            // the SHA-256 of all that, left out here: it covers the header's timings.
            byte[] bytes = Files.readAllBytes(f);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0,
                    bytes.length - 32))) {
                String magic = in.readUTF();
                byte[] json = new byte[in.readInt()];
                in.readFully(json);
                return magic + "\n" + maskTimings(new String(json, StandardCharsets.UTF_8))
                        + "\n" + sha256(in.readAllBytes());
            }
        }
        if (name.endsWith(".xlsx")) {
            // Its parts, not the zip's bytes: those hold the time each part was written.
            StringBuilder parts = new StringBuilder();
            try (ZipFile zip = new ZipFile(f.toFile())) {
                for (ZipEntry e : Collections.list(zip.entries())) {
                    parts.append("== ").append(e.getName()).append('\n').append(
                            new String(zip.getInputStream(e).readAllBytes(),
                                    StandardCharsets.UTF_8)
                                    .replaceAll("(<dcterms:created[^>]*>)[^<]*", "$1T"))
                            .append('\n');
                }
            }
            return parts.toString();
        }
        if (name.matches(".*\\.(csv|json|txt|md|svg|html)")) {
            return maskTimings(Files.readString(f));
        }
        return sha256(Files.readAllBytes(f));
    }

    /**
     * The text with the seconds of each epoch's training and test masked: metrics.json's (and a
     * checkpoint's) trainSeconds and testSeconds, the last two columns of metrics.csv, and the
     * seconds of each phase in timing.csv (its epochs and phases as written).
     */
    public static String maskTimings(String text) {
        return text.replaceAll("(\"(?:train|test)Seconds\"\\s*:\\s*)[-+0-9.eE]+", "$1T")
                .replaceAll("(?m)^(\\d+,(?:[^,\\n]*,){6})[0-9.]+,[0-9.]+$", "$1T,T")
                .replaceAll("(?m)^(\\d+,[a-z ]+,)[0-9.]+$", "$1T");
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256 " + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
