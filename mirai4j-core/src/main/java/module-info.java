/**
 * mirai4j: minimalist async evaluation for the JVM. {@code Mirai.mirai(() -> work(x))} returns a
 * future at once; the task runs in a daemon JVM that dials back to the host.
 *
 * <p>The API is {@link org.mirai4j} (mirai, maps, profiles, the daemon) and {@link
 * org.mirai4j.launch} (launchers for remote daemons). Everything under {@code
 * org.mirai4j.internal} is hidden; the {@code mirai4j} command-line tool ({@code org.mirai4j.cli})
 * alone may reach the few internals it needs.
 *
 * <p>Daemons always run on the class path: local daemons are started with this JVM's class path
 * and module path as one class path, remote ones with the all-in-one CLI jar.
 */
@SuppressWarnings("module") // org.mirai4j.cli runs from the class path today: "module not found"
module org.mirai4j {
  exports org.mirai4j;
  exports org.mirai4j.launch;

  // the mirai4j command's daemon subcommand spells the daemon's flags from this table
  exports org.mirai4j.internal.daemon to org.mirai4j.cli;

  requires java.naming; // LDAP name parsing of certificate subjects
  requires java.net.http; // RemoteConfig.http's launch requests
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.transport;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires org.slf4j;
  // tracing: the API only, a no-op unless the application installs an SDK
  requires io.opentelemetry.api;
  requires io.opentelemetry.context;
  // the terminal progress bar of Collect.PROGRESS, used when present (a plain bar otherwise)
  requires static me.tongfei.progressbar;
}
