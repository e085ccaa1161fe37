package org.mirai4j;

/**
 * Counters of a compute profile (R: {@code info()}). Without a dispatcher only
 * {@code connections} is known and the others are null. With one they add up at every instant:
 * {@code cumulative == awaiting + executing + completed}, where completed includes canceled and
 * timed-out tasks.
 *
 * @param connections daemons connected now
 * @param cumulative tasks ever submitted
 * @param awaiting tasks queued for a daemon
 * @param executing tasks on a daemon now
 * @param completed tasks resolved (canceled included)
 */
public record Info(
    int connections, Integer cumulative, Integer awaiting, Integer executing, Integer completed) {}
