package org.mirai4j.internal.progress;

/** Whether the optional terminal progress bar library is on the class path. */
final class TerminalSupport {
  static final boolean AVAILABLE = present("me.tongfei.progressbar.ProgressBar")
      && present("org.jline.terminal.TerminalBuilder");

  private TerminalSupport() {}

  private static boolean present(String className) {
    try {
      // initialize=false: looking must not start anything (JLine's natives load on first use)
      Class.forName(className, false, TerminalSupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
