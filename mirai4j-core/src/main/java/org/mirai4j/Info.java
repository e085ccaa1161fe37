package org.mirai4j;

/**
 * Counters of a compute profile (R: {@code info()}). Without a dispatcher only
 * {@code connections} is known and the others are null. As in mirai, {@code cumulative} counts
 * daemons that have ever connected (a daemon crashes: connections 2 → 1, cumulative stays 2);
 * the task counters add up at every instant to the tasks ever submitted
 * ({@link Status#tasks()}): {@code awaiting + executing + completed}, where completed includes
 * canceled and timed-out tasks.
 *
 * @param connections daemons connected now
 * @param cumulative daemons that have ever connected
 * @param awaiting tasks queued for a daemon
 * @param executing tasks on a daemon now
 * @param completed tasks resolved (canceled included)
 */
public record Info(
    int connections, Integer cumulative, Integer awaiting, Integer executing, Integer completed) {}
