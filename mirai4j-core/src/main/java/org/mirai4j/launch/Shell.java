package org.mirai4j.launch;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Quoting for POSIX shells ({@code sh}, {@code bash}, the login shell {@code ssh} runs a remote
 * command in). R: {@code shQuote}.
 *
 * <p>Words made only of characters no shell treats specially are left as they are, so that
 * command lines stay readable; every other word is put in single quotes, with each embedded single
 * quote written as {@code '\''}.
 */
public final class Shell {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private Shell() {}

  /**
   * Quotes one word for a POSIX shell.
   *
   * @param word any string, may be empty
   * @return {@code word} itself when it is safe as it is, else {@code word} in single quotes
   */
  public static String quote(String word) {
    Objects.requireNonNull(word, "word");
    if (SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /**
   * Quotes each word and joins them with single spaces: a command line that a shell splits back
   * into exactly {@code words}.
   *
   * @param words the command and its arguments
   * @return the command line
   */
  public static String join(List<String> words) {
    return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }
}
