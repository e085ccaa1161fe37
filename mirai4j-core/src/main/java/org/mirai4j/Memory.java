package org.mirai4j;

/**
 * Queued task memory of a profile with a dispatcher (R: {@code status()$memory}).
 *
 * @param usedBytes payload bytes of the tasks queued now
 * @param peakBytes the most ever queued at once
 * @param capacityBytes the cap set by {@link Daemons.Builder#memory(long)}, or null when unbounded
 */
public record Memory(long usedBytes, long peakBytes, Long capacityBytes) {}
