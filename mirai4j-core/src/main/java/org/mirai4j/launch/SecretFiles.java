package org.mirai4j.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files that hand a secret to daemons on machines sharing this one's home directory:
 * {@code ~/.mirai4j/secrets/secret-*}, mode 0600 in a 0700 directory, created with those modes
 * (never readable by others, not even for a moment), one per secret and deleted when this JVM
 * exits.
 */
final class SecretFiles {
  private static final Map<String, Path> FILES = new ConcurrentHashMap<>();

  private SecretFiles() {}

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /** A random file-name part, 16 hex digits, for secret files made elsewhere (a login node). */
  static String randomName() {
    return String.format("%016x", RANDOM.nextLong());
  }

  /** The file holding {@code secret} (one line), created on first use. */
  static Path of(String secret) throws IOException {
    try {
      return FILES.computeIfAbsent(secret, s -> {
        try {
          return create(s);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw new IOException("cannot write the secret file for the daemons: " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  private static Path create(String secret) throws IOException {
    Path dir = Path.of(System.getProperty("user.home"), ".mirai4j", "secrets");
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } else {
      Files.createDirectories(dir);
    }
    Path file = posix
        ? Files.createTempFile(dir, "secret-", "", PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, "secret-", "");
    file.toFile().deleteOnExit();
    Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    return file.toAbsolutePath();
  }
}
