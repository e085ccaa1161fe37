/**
 * Launchers: how daemons are started on this or other machines so that they dial back to a host
 * (R: {@code ssh_config}, {@code cluster_config}, {@code http_config}, {@code remote_config},
 * {@code launch_remote}, {@code host_url}, {@code local_url}).
 *
 * <p>A {@link org.mirai4j.launch.RemoteConfig} is immutable configuration; its
 * {@link org.mirai4j.launch.RemoteConfig#launch launch} method is the SPI the host calls with the
 * daemon's command-line arguments. Implementations run system tools ({@code ssh}, {@code sbatch},
 * {@code qsub}, {@code bsub}, any command) through {@link java.lang.ProcessBuilder} or POST to an
 * HTTP API with {@link java.net.http.HttpClient}; a tool's failure surfaces as an
 * {@link java.io.IOException} carrying the tool's own message. {@link org.mirai4j.launch.Urls}
 * builds host and local URLs, {@link org.mirai4j.launch.DaemonCommand} the command line of a daemon
 * JVM on this machine, and {@link org.mirai4j.launch.Shell} quotes for POSIX shells.
 *
 * <p>This package depends only on the JDK and SLF4J, not on the host or daemon internals.
 */
package org.mirai4j.launch;
