package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The start of every command backprop-lab prints to copy: as the bash script or as
 * backprop-lab.cmd (cmd.exe and PowerShell) runs it, from its own folder or from another.
 */
class DefaultsTest {

    private static final Path HOME = Path.of("lab home").toAbsolutePath();

    @Test
    void fromItsOwnFolderTheLauncherIsTypedAsEachShellRunsAFileThere() {
        assertThat(Defaults.launcher(HOME.toString(), "backprop-lab", HOME))
                .isEqualTo("./backprop-lab");
        assertThat(Defaults.launcher(HOME.toString(), "backprop-lab.cmd", HOME))
                .isEqualTo(".\\backprop-lab.cmd");
    }

    @Test
    void fromAnotherFolderItsPathIsQuotedForThatShell() {
        Path elsewhere = HOME.resolveSibling("elsewhere");
        assertThat(Defaults.launcher(HOME.toString(), "backprop-lab", elsewhere))
                .isEqualTo("'" + HOME.resolve("backprop-lab") + "'");
        assertThat(Defaults.launcher(HOME.toString(), "backprop-lab.cmd", elsewhere))
                .isEqualTo("\"" + HOME.resolve("backprop-lab.cmd") + "\"");
    }

    @Test
    void withoutALauncherItIsTheCommandOnThePath() {
        assertThat(Defaults.launcher(null, "backprop-lab.cmd", HOME)).isEqualTo("backprop-lab");
    }

    @Test
    void aPathIsQuotedOnlyWhenItMustBe() {
        assertThat(Defaults.quoted("runs/lean-1", false)).isEqualTo("runs/lean-1");
        assertThat(Defaults.quoted("my runs/Ann's", false)).isEqualTo("'my runs/Ann'\\''s'");
        assertThat(Defaults.quoted("C:\\runs\\lean-1", true)).isEqualTo("C:\\runs\\lean-1");
        assertThat(Defaults.quoted("C:\\Ann Lee's runs\\lean-1", true))
                .isEqualTo("\"C:\\Ann Lee's runs\\lean-1\"");
        // & and ( mean something to cmd.exe: quoted.
        assertThat(Defaults.quoted("C:\\R&D (old)", true)).isEqualTo("\"C:\\R&D (old)\"");
    }
}
