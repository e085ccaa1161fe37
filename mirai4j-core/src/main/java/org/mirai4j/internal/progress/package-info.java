/**
 * The progress bar of {@link org.mirai4j.Collect#PROGRESS}: the terminal bar of
 * {@code me.tongfei:progressbar} when that optional library (and JLine, which it needs) is on
 * the class path, else a plain-text bar on stderr. Only {@link
 * org.mirai4j.internal.progress.TerminalBar} touches the library, and it is loaded by name only
 * when the library is present.
 */
package org.mirai4j.internal.progress;
