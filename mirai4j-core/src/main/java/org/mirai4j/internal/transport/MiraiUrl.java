package org.mirai4j.internal.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A parsed mirai URL: {@code tcp://host:port}, {@code tcp://[::1]:port}, {@code tls+tcp://…},
 * {@code ipc:///path/to/socket}, {@code ws://host:port/path}, {@code wss://…}. Port 0 asks the
 * listener for a free port; {@link #withPort(int)} gives the URL with the port it bound. An empty
 * host ({@code tcp://:5555}) listens on every interface, as in mirai (NNG); dialed, it is this
 * machine.
 *
 * @param scheme the scheme
 * @param host the host (no brackets for IPv6), empty for every interface, or null for ipc
 * @param port the port, or -1 for ipc
 * @param path the socket path for ipc, the HTTP path for ws, else empty
 */
public record MiraiUrl(Scheme scheme, String host, int port, String path) {

  /** The transports a URL may name. */
  public enum Scheme {
    TCP("tcp", false),
    TLS_TCP("tls+tcp", true),
    IPC("ipc", false),
    WS("ws", false),
    WSS("wss", true);

    private final String text;
    private final boolean tls;

    Scheme(String text, boolean tls) {
      this.text = text;
      this.tls = tls;
    }

    /** As written in a URL, e.g. "tls+tcp". */
    public String text() {
      return text;
    }

    /** Whether the transport is encrypted. */
    public boolean tls() {
      return tls;
    }
  }

  /**
   * Parses a URL.
   *
   * @throws IllegalArgumentException naming the URL and what is wrong with it
   */
  public static MiraiUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("URL is empty");
    }
    int sep = url.indexOf("://");
    if (sep < 0) {
      throw new IllegalArgumentException(
          "malformed URL '" + url + "': expected scheme://address, e.g. tcp://127.0.0.1:5555");
    }
    String schemeText = url.substring(0, sep).toLowerCase(Locale.ROOT);
    Scheme scheme = null;
    for (Scheme s : Scheme.values()) {
      if (s.text.equals(schemeText)) {
        scheme = s;
      }
    }
    if (scheme == null) {
      throw new IllegalArgumentException(
          "unknown scheme '" + schemeText + "' in URL '" + url
              + "': use tcp://, tls+tcp://, ipc://, ws:// or wss://");
    }
    String rest = url.substring(sep + 3);
    if (scheme == Scheme.IPC) {
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("malformed URL '" + url + "': ipc:// needs a path");
      }
      return new MiraiUrl(scheme, null, -1, rest);
    }
    String path = "";
    int slash = rest.indexOf('/', rest.startsWith("[") ? rest.indexOf(']') + 1 : 0);
    if (slash >= 0) {
      path = rest.substring(slash);
      rest = rest.substring(0, slash);
    }
    String host;
    String portText;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
        throw new IllegalArgumentException(
            "malformed URL '" + url + "': an IPv6 address is written [addr]:port");
      }
      host = rest.substring(1, close);
      portText = rest.substring(close + 2);
    } else {
      int colon = rest.lastIndexOf(':');
      if (colon < 0 || rest.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "malformed URL '" + url + "': expected host:port (IPv6 as [addr]:port)");
      }
      host = rest.substring(0, colon);
      portText = rest.substring(colon + 1);
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "malformed URL '" + url + "': port '" + portText + "' is not a number");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "malformed URL '" + url + "': port " + port + " is out of range 0-65535");
    }
    if ((scheme == Scheme.WS || scheme == Scheme.WSS) && path.isEmpty()) {
      path = "/";
    }
    return new MiraiUrl(scheme, host, port, path);
  }

  /** The same URL with another port (what a listener bound for port 0). */
  public MiraiUrl withPort(int newPort) {
    return new MiraiUrl(scheme, host, newPort, path);
  }

  /** The socket address to bind or dial. */
  public SocketAddress socketAddress() {
    if (scheme == Scheme.IPC) {
      return UnixDomainSocketAddress.of(Path.of(path));
    }
    // an empty host is the JVM's wildcard (IPv4 and IPv6); 0.0.0.0 and :: stay as written
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  /**
   * Whether the host means every interface: empty, {@code 0.0.0.0} or {@code ::}. Such a host
   * is an address to listen at, not one to advertise to daemons.
   */
  public boolean isWildcard() {
    return host != null && (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")
        || host.equals("0:0:0:0:0:0:0:0"));
  }

  /** Whether this is a Unix domain socket URL. */
  public boolean isIpc() {
    return scheme == Scheme.IPC;
  }

  /**
   * Whether frames after the handshake need a MAC: on tcp:// and ws://, where nothing else
   * protects them on the network; not under TLS, nor on an ipc:// socket file.
   */
  public boolean needsFrameIntegrity() {
    return !scheme.tls() && scheme != Scheme.IPC;
  }

  /** Whether this is a WebSocket URL. */
  public boolean isWebSocket() {
    return scheme == Scheme.WS || scheme == Scheme.WSS;
  }

  @Override
  public String toString() {
    if (scheme == Scheme.IPC) {
      return "ipc://" + path;
    }
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    String p = scheme == Scheme.WS || scheme == Scheme.WSS ? path : "";
    return scheme.text + "://" + h + ":" + port + p;
  }
}
