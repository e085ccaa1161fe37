package org.mirai4j;

import java.util.List;

/**
 * A daemon of a compute profile as the host knows it from its handshake (mirai #586: which
 * daemon ran what). Immutable: a snapshot taken on the profile's event loop.
 *
 * @param id the daemon's number in its profile: 1 for the first daemon to join, increasing by
 *     one with each daemon that joins after it (a relaunched daemon gets a new number)
 * @param host the name of the daemon's machine, as the daemon gave it in the handshake
 * @param pid the daemon's process id on that machine, as it gave it
 * @param labels the daemon's labels ({@code --labels=...}, {@link Daemons#launchLocal(int,
 *     String...)}); empty for none
 * @param connected whether the daemon was connected when the snapshot was taken
 * @param tasksServed tasks whose result this daemon sent, up to the snapshot (everywhere() tasks
 *     included; a setup task is not counted)
 */
public record DaemonInfo(long id, String host, long pid, List<String> labels, boolean connected,
    long tasksServed) {
  /** Copies {@code labels}: the record stays immutable. */
  public DaemonInfo {
    labels = List.copyOf(labels);
  }
}
