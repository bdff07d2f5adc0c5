package backproplab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link and image in README.md and docs/ points at a file that exists. */
class DocsLinksTest {

    @Test
    void everyRelativeLinkAndImageResolves() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        MarkdownLinks.Checked links = MarkdownLinks.check(pages);
        assertThat(links.checked()).as("links checked").isGreaterThan(5);
        assertThat(links.broken()).isEmpty();
    }
}
