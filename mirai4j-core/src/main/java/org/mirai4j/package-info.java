/**
 * mirai4j: minimalist async evaluation for the JVM, the counterpart of R's mirai.
 *
 * <p>{@link org.mirai4j.Mirai#mirai(org.mirai4j.Task)} hands a serializable lambda to a daemon
 * JVM and returns a future at once. {@link org.mirai4j.Daemons} sets up the daemons of a compute
 * profile (local, or remote through {@link org.mirai4j.launch.RemoteConfig}) and the dispatcher
 * that queues tasks for them; {@link org.mirai4j.Daemon} is the daemon itself, with the
 * arguments of mirai's {@code daemon()} in {@link org.mirai4j.DaemonOptions}.
 *
 * <pre>{@code
 * try (Daemons daemons = Daemons.start(4)) {
 *   Mirai<Integer> m = Mirai.mirai(() -> 6 * 7);
 *   m.get();                                                     // 42
 *   Mirai.map(List.of(1, 2, 3), x -> x * x).collect(Collect.PROGRESS);
 * }
 * }</pre>
 *
 * <p>Everything under {@code org.mirai4j.internal} is implementation, not API.
 */
package org.mirai4j;
