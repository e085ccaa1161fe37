package org.mirai4j.internal.dispatch;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The tasks of one everywhere() call: each goes to a different daemon, and while any is left
 * the group stands in the queue as a barrier that later tasks wait behind (a sync point).
 */
final class EverywhereGroup {
  final ArrayDeque<PendingTask> remaining;

  EverywhereGroup(List<PendingTask> tasks) {
    this.remaining = new ArrayDeque<>(tasks);
    for (PendingTask task : tasks) {
      task.group = this;
    }
  }
}
