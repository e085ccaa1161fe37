package org.mirai4j;

import java.util.List;

/**
 * One set of daemons an autoscaling profile launches, as {@link Status#autoscaled()} lists it:
 * the profile's own daemons ({@link Daemons.Builder#autoscale(int, int, java.time.Duration)},
 * carrying the labels of its {@link Daemons.Builder#daemonOptions daemon options}, usually none)
 * or those launched for tasks that require labels ({@link Daemons.Builder#autoscale(List, int,
 * org.mirai4j.launch.RemoteConfig)}). A snapshot.
 *
 * @param labels the labels its daemons carry; empty for none
 * @param min daemons it keeps (0 for a labelled set)
 * @param max daemons it launches at most, connected and launching together
 * @param connected daemons connected now whose labels are exactly {@code labels}, whoever
 *     launched them
 * @param launching daemons it launched that have not connected yet
 * @param scaledUp daemons it ever launched
 * @param scaledDown daemons of it that left after their idle time
 * @param launchFailed its launches that failed, each followed by a back-off
 */
public record AutoscaleGroup(List<String> labels, int min, int max, int connected, int launching,
    long scaledUp, long scaledDown, long launchFailed) {
  /** Copies {@code labels}: the record stays immutable. */
  public AutoscaleGroup {
    labels = List.copyOf(labels);
  }
}
