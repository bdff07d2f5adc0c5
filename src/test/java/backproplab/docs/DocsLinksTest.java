package backproplab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link and image in README.md and docs/ points at a file that exists. */
class DocsLinksTest {

    /** [text](target) and ![alt](target), and HTML src="target". */
    private static final Pattern LINK = Pattern.compile(
            "\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)|src=\"([^\"]+)\"");

    @Test
    void everyRelativeLinkAndImageResolves() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
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
                Path file = page.toAbsolutePath().getParent().resolve(target.replaceFirst("#.*", ""));
                if (!Files.exists(file)) {
                    broken.add(page + " -> " + target);
                }
            }
        }
        assertThat(checked).as("links checked").isGreaterThan(5);
        assertThat(broken).isEmpty();
    }
}
