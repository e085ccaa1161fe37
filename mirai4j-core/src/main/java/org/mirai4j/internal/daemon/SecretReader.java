package org.mirai4j.internal.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.mirai4j.DaemonOptions;

/**
 * Where a daemon finds its secret, first match wins: {@link DaemonOptions#secret()} (in-process
 * daemons), {@code --secret-file=PATH}, {@code --secret-stdin}, the environment variable
 * {@code MIRAI4J_SECRET}. Never a command line: {@code ps} shows those to every user. Messages
 * name where the secret was looked for, never the secret.
 */
final class SecretReader {
  /** Longest line read from stdin or a file: a secret is short; anything longer is a mistake. */
  private static final int MAX_LINE = 4096;

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  private SecretReader() {}

  /**
   * The daemon's secret.
   *
   * @throws IllegalArgumentException when there is none, or the file is unsafe or unreadable
   */
  static String read(DaemonOptions options, Map<String, String> env, InputStream stdin) {
    String secret;
    if (options.secret() != null) {
      secret = options.secret();
    } else if (options.secretFile() != null) {
      secret = fromFile(options.secretFile());
    } else if (options.secretStdin()) {
      try {
        secret = firstLine(stdin, "standard input");
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the secret from standard input: " + e.getMessage(), e);
      }
    } else {
      secret = env.get(DaemonRunner.SECRET_ENV);
    }
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("no secret: set the environment variable " + DaemonRunner.SECRET_ENV
          + ", or give --secret-file=PATH or --secret-stdin (launch commands from the host"
          + " hand it over one of these ways)" + (options.secretStdin() ? "; standard input was empty" : ""));
    }
    return secret;
  }

  private static String fromFile(Path file) {
    try {
      PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
      if (posix != null) {
        Set<PosixFilePermission> perms = posix.readAttributes().permissions();
        perms.retainAll(GROUP_OR_OTHERS);
        if (!perms.isEmpty()) {
          throw new IllegalArgumentException("--secret-file " + file + " is open to its group or others ("
              + perms + "); make it readable by its owner alone: chmod 600 " + file);
        }
      }
      try (InputStream in = Files.newInputStream(file)) {
        return firstLine(in, file.toString());
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--secret-file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --secret-file " + file + ": " + e, e);
    }
  }

  /** The first line, without its line end; reads no further than that line. */
  static String firstLine(InputStream in, String what) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (line.size() == MAX_LINE) {
        throw new IllegalArgumentException("the secret's line in " + what + " is longer than " + MAX_LINE
            + " bytes");
      }
      line.write(b);
    }
    String s = line.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
