package org.mirai4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident set size of a process, read from Linux {@code /proc/<pid>/status}.
 *
 * <p>Values are in MiB (2<sup>20</sup> bytes), converted from the kernel's {@code VmRSS} in kB
 * (which are KiB). This is the unit of figures ending in {@code _mb}, e.g.
 * {@code idle_daemon_rss_mb}.
 */
public final class ProcessRss {

    private ProcessRss() {
    }

    /**
     * The resident set size of a process.
     *
     * @param pid the process id, e.g. {@link Process#pid()} or {@link ChildJvm#pid()}
     * @return VmRSS in MiB
     * @throws UncheckedIOException if {@code /proc/<pid>/status} cannot be read (no such process,
     *     not Linux)
     * @throws IllegalStateException if the file has no VmRSS line (e.g. a zombie)
     */
    public static double rssMb(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        String text;
        try {
            text = Files.readString(status, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status, e);
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                long kib = Long.parseLong(parts[0]);
                return kib / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS in " + status);
    }

    /**
     * The resident set size of this JVM.
     *
     * @return VmRSS in MiB
     */
    public static double selfRssMb() {
        return rssMb(ProcessHandle.current().pid());
    }
}
