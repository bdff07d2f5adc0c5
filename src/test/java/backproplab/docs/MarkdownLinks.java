package backproplab.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The relative links and images of Markdown pages, checked against the files beside them. */
public final class MarkdownLinks {

    /** [text](target) and ![alt](target), and HTML src="target". */
    private static final Pattern LINK = Pattern.compile(
            "\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)|src=\"([^\"]+)\"");

    private MarkdownLinks() {}

    /**
     * What was found in the pages: how many relative links, and those that point at no file,
     * each as "page -> target".
     */
    public record Checked(int checked, List<String> broken) {}

    public static Checked check(List<Path> pages) throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1) != null ? m.group(1) : m.group(2);
                if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                    continue;   // a web address or an anchor on the same page
                }
                checked++;
                Path file = page.toAbsolutePath().getParent()
                        .resolve(target.replaceFirst("#.*", ""));
                if (!Files.exists(file)) {
                    broken.add(page + " -> " + target);
                }
            }
        }
        return new Checked(checked, broken);
    }
}
