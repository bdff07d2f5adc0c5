package backproplab.kernels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The addresses, relative to where it is loaded, of named symbols in a 64-bit little-endian ELF
 * shared library's full symbol table (.symtab), which holds the library's internal functions and
 * variables too; the dynamic table that the loader (and JNA) reads has only the exported ones.
 */
final class ElfSymbols {

    private static final int SHT_SYMTAB = 2;

    private ElfSymbols() {}

    /** The value of each of {@code names} found; a library without .symtab gives none. */
    static Map<String, Long> find(Path library, Set<String> names) throws IOException {
        Map<String, Long> found = new HashMap<>();
        try (FileChannel file = FileChannel.open(library, StandardOpenOption.READ)) {
            ByteBuffer header = read(file, 0, 64);
            if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) {
                return found; // not ELF, or not 64-bit little-endian
            }
            long sectionsAt = header.getLong(0x28);
            int sectionSize = Short.toUnsignedInt(header.getShort(0x3a));
            int sections = Short.toUnsignedInt(header.getShort(0x3c));
            ByteBuffer table = read(file, sectionsAt, sectionSize * sections);
            for (int s = 0; s < sections; s++) {
                int at = s * sectionSize;
                if (table.getInt(at + 4) != SHT_SYMTAB) {
                    continue;
                }
                int strings = table.getInt(at + 40) * sectionSize; // its sh_link
                ByteBuffer symbols = map(file, table.getLong(at + 24), table.getLong(at + 32));
                ByteBuffer text = map(file, table.getLong(strings + 24),
                        table.getLong(strings + 32));
                for (int k = 0; k + 24 <= symbols.limit(); k += 24) {
                    int name = symbols.getInt(k);
                    for (String n : names) {
                        if (nameIs(text, name, n)) {
                            found.put(n, symbols.getLong(k + 8));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Whether the NUL-terminated string at {@code at} is {@code name}. */
    private static boolean nameIs(ByteBuffer text, int at, String name) {
        int n = name.length();
        if (at < 0 || at + n >= text.limit()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (text.get(at + i) != name.charAt(i)) {
                return false;
            }
        }
        return text.get(at + n) == 0;
    }

    private static ByteBuffer read(FileChannel file, long at, int size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        file.read(b, at);
        return b.flip();
    }

    private static ByteBuffer map(FileChannel file, long at, long size) throws IOException {
        return file.map(FileChannel.MapMode.READ_ONLY, at, size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
