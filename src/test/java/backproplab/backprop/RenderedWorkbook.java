package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.testing.ExternalTools;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A workbook as LibreOffice prints it: each PDF page's words where pdftotext finds them, in the
 * order LibreOffice draws them (a chart's title, its y labels, its x labels, its x axis's title).
 */
record RenderedWorkbook(Path pdf, List<List<Word>> pages) {

    /** One word on a page, and its box in points from the page's top left. */
    record Word(String text, double xMin, double yMin, double xMax, double yMax) {

        double height() {
            return yMax - yMin;
        }
    }

    private static final Pattern WORD = Pattern.compile("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\""
            + " xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9.,]*(E[+-]?[0-9]+)?");

    /** Writes the workbook of {@code s} into {@code dir} and prints it with LibreOffice. */
    static RenderedWorkbook of(BackpropSettings s, Path dir) throws IOException, InterruptedException {
        Path pdf = printed(s, dir);
        Path words = dir.resolve("words.html");
        run(dir, "pdftotext", "-bbox", pdf.toString(), words.toString());
        List<List<Word>> pages = new ArrayList<>();
        for (String page : Files.readString(words, StandardCharsets.UTF_8).split("<page ")) {
            List<Word> on = new ArrayList<>();
            Matcher m = WORD.matcher(page);
            while (m.find()) {
                on.add(new Word(unescape(m.group(5)), Double.parseDouble(m.group(1)),
                        Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4))));
            }
            if (page.contains("</page>")) {
                pages.add(on);
            }
        }
        return new RenderedWorkbook(pdf, pages);
    }

    /** Page {@code index} (0-based) as a picture of {@code dpi} dots per inch. */
    BufferedImage picture(int index, int dpi) throws IOException, InterruptedException {
        Path dir = pdf.getParent();
        String page = Integer.toString(index + 1);
        Path root = dir.resolve("picture-" + page);
        run(dir, "pdftoppm", "-png", "-singlefile", "-r", Integer.toString(dpi), "-f", page,
                "-l", page, pdf.toString(), root.toString());
        return ImageIO.read(root.resolveSibling(root.getFileName() + ".png").toFile());
    }

    /** The pages that show {@code text} as one of their words. */
    List<List<Word>> pagesWith(String text) {
        return pages.stream().filter(p -> p.stream().anyMatch(w -> w.text().equals(text)))
                .toList();
    }

    /** The tick labels of a chart: the y axis's top to bottom, then the x axis's left to right. */
    record Ticks(List<String> y, List<String> x) {}

    /**
     * The ticks of the chart titled {@code title} on {@code page}: the numbers drawn after the
     * title and before the x axis's title; the last of them, and those on its line, are the x
     * axis's.
     */
    static Ticks ticks(List<Word> page, String title) {
        String[] words = title.split(" ");
        int at = 0;
        while (!startsAt(page, at, words)) {
            at++;
        }
        at += words.length - 1;
        List<Word> numbers = new ArrayList<>();
        for (int k = at + 1; !page.get(k).text().equals("iteration"); k++) {
            if (NUMBER.matcher(page.get(k).text()).matches()) {
                numbers.add(page.get(k));
            }
        }
        double xLine = numbers.get(numbers.size() - 1).yMin();
        List<String> y = new ArrayList<>();
        List<String> x = new ArrayList<>();
        for (Word w : numbers) {
            (Math.abs(w.yMin() - xLine) < 0.5 ? x : y).add(w.text());
        }
        return new Ticks(y, x);
    }

    /** Whether the line of words at {@code at} is {@code words}, and no more. */
    private static boolean startsAt(List<Word> page, int at, String[] words) {
        if (at + words.length >= page.size()) {
            throw new AssertionError("no chart titled \"" + String.join(" ", words) + "\"");
        }
        for (int k = 0; k < words.length; k++) {
            if (!page.get(at + k).text().equals(words[k])) {
                return false;
            }
        }
        Word last = page.get(at + words.length - 1);
        return Math.abs(page.get(at + words.length).yMin() - last.yMin()) > 0.5;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    /** The workbook of {@code s}, written into {@code dir} and printed by LibreOffice: its PDF. */
    static Path printed(BackpropSettings s, Path dir) throws IOException, InterruptedException {
        // Each program looked for first: a test without one is skipped before the print.
        for (String program : List.of("soffice", "pdftotext", "pdftoppm")) {
            program(program);
        }
        Path xlsx = dir.resolve(BackpropJob.WORKBOOK);
        BackpropWorkbook.write(xlsx, s, GradientDescent.sweep(s));
        // A fresh profile: parallel runs of LibreOffice must not share one.
        run(dir, "soffice", "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
                "--convert-to", "pdf", "--outdir", dir.toString(), xlsx.toString());
        return dir.resolve("BackPropagation.pdf");
    }

    /**
     * LibreOffice's soffice, or poppler's {@code program}, as found on this machine; without it
     * the test is skipped, and says which it looked for.
     */
    private static Path program(String program) {
        String skipped = "workbook rendering test skipped";
        return program.equals("soffice") ? ExternalTools.libreOffice(skipped)
                : ExternalTools.require("poppler's " + program, skipped, program);
    }

    /** {@code command}, its program ({@code soffice}, {@code pdftoppm}, ...) found first. */
    static void run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "command", ".log");
        List<String> found = new ArrayList<>(List.of(command));
        found.set(0, program(command[0]).toString());
        Process p = new ProcessBuilder(found).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " took more than 120 s");
        }
        assertThat(p.exitValue()).as("%s: %s", command[0], Files.readString(log)).isZero();
    }
}
