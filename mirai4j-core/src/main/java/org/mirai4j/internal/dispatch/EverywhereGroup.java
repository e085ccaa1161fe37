package org.mirai4j.internal.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.mirai4j.internal.transport.DaemonLink;

/**
 * The tasks of one everywhere() call: each goes to a different daemon, and while any is left
 * the group stands in the queue as a barrier that later tasks wait behind (a sync point).
 */
final class EverywhereGroup {
  final ArrayDeque<PendingTask> remaining;
  final List<PendingTask> copies;
  /** The daemons it must reach before the barrier may shrink to the daemons connected. */
  final int min;
  /** Daemons that took a copy; each holds this group in its servedGroups until it is done. */
  final List<DaemonLink> servedBy = new ArrayList<>();

  EverywhereGroup(List<PendingTask> tasks, int min) {
    this.remaining = new ArrayDeque<>(tasks);
    this.copies = List.copyOf(tasks);
    this.min = min;
    for (PendingTask task : tasks) {
      task.group = this;
    }
  }

  /** Whether every copy resolved and none is left to send. */
  boolean done() {
    if (!remaining.isEmpty()) {
      return false;
    }
    for (PendingTask task : copies) {
      if (!task.future.isDone()) {
        return false;
      }
    }
    return true;
  }
}
