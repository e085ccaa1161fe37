package org.mirai4j.launch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** URL constructors (R: {@code host_url}, {@code local_url}). */
public final class Urls {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Urls() {}

  /**
   * A URL at which daemons on other machines can reach this one: {@code tcp://ADDR:PORT} or
   * {@code tls+tcp://ADDR:PORT}, ADDR being the first IPv4 address of an interface that is up and
   * not loopback (else the first such IPv6 address, in brackets; else {@code 127.0.0.1}).
   *
   * @param tls whether to use TLS ({@code tls+tcp://})
   * @param port the port; 0 lets the host pick a free one
   * @return the URL
   */
  public static String hostUrl(boolean tls, int port) {
    checkPort(port);
    return (tls ? "tls+tcp" : "tcp") + "://" + hostAddress() + ":" + port;
  }

  /**
   * One URL per network interface that is up and not loopback, by interface name (R: {@code
   * host_url()}, whose vector is named so): each interface's first IPv4 address, else its first
   * IPv6 address in brackets. Interfaces with an IPv4 address come first, so the first entry is
   * {@link #hostUrl(boolean, int)}'s. Pick one for a machine with several networks, e.g.
   * {@code Daemons.builder().url(Urls.hostUrls(false, 0).get("eth1"))}.
   *
   * @param tls whether to use TLS ({@code tls+tcp://})
   * @param port the port; 0 lets the host pick a free one
   * @return the URLs in that order, unmodifiable; {@code {"lo": "tcp://127.0.0.1:PORT"}} when
   *     the machine has no other address
   */
  public static Map<String, String> hostUrls(boolean tls, int port) {
    checkPort(port);
    Map<String, String> urls = new LinkedHashMap<>();
    addresses().forEach((name, address) ->
        urls.put(name, (tls ? "tls+tcp" : "tcp") + "://" + address + ":" + port));
    return Collections.unmodifiableMap(urls);
  }

  /**
   * A URL for daemons on this machine, or for ssh tunnelling when {@code tcp} is set:
   * {@code tcp://127.0.0.1:PORT}, else {@code ipc://} with a fresh random path in the temporary
   * directory (a Unix domain socket).
   *
   * @param tcp whether to use TCP on 127.0.0.1
   * @param port the TCP port, 0 for any free one; ignored for ipc
   * @return the URL
   */
  public static String localUrl(boolean tcp, int port) {
    checkPort(port);
    if (tcp) {
      return "tcp://127.0.0.1:" + port;
    }
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    String dir = System.getProperty("java.io.tmpdir", "/tmp");
    return "ipc://" + Path.of(dir, "mirai4j-" + HexFormat.of().formatHex(b)).toAbsolutePath();
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0-65535: " + port);
    }
  }

  /**
   * This machine's first non-loopback address (IPv4 preferred), or 127.0.0.1 when it has none.
   */
  public static String hostAddress() {
    return addresses().values().iterator().next();
  }

  /**
   * Each interface that is up and not loopback with its first IPv4 address, else its first IPv6
   * one (bracketed, without zone): those with IPv4 first, each group in the system's order;
   * {@code lo} with 127.0.0.1 when there is none.
   */
  private static Map<String, String> addresses() {
    Map<String, String> v4 = new LinkedHashMap<>();
    Map<String, String> v6 = new LinkedHashMap<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || ni.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress()) {
            continue;
          }
          if (a instanceof Inet4Address) {
            v4.putIfAbsent(ni.getName(), a.getHostAddress());
          } else if (a instanceof Inet6Address) {
            String s = a.getHostAddress();
            int zone = s.indexOf('%');
            v6.putIfAbsent(ni.getName(), "[" + (zone < 0 ? s : s.substring(0, zone)) + "]");
          }
        }
      }
    } catch (SocketException e) {
      return Map.of("lo", "127.0.0.1");
    }
    Map<String, String> all = new LinkedHashMap<>(v4);
    v6.forEach(all::putIfAbsent);
    return all.isEmpty() ? Map.of("lo", "127.0.0.1") : all;
  }
}
