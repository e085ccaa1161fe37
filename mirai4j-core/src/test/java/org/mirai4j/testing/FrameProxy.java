package org.mirai4j.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A man in the middle for tcp:// tests: forwards mirai4j frames between daemons and a host
 * one whole frame at a time, records them, and on demand injects bytes between frames or cuts
 * the link silently (a partition: bytes are swallowed, nothing is closed). One connection at a
 * time is watched: the latest.
 */
public final class FrameProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  /** Frames (length prefix included) seen from the host to the daemon, in order. */
  public final List<byte[]> toDaemon = new CopyOnWriteArrayList<>();
  /** Frames (length prefix included) seen from the daemon to the host, in order. */
  public final List<byte[]> toHost = new CopyOnWriteArrayList<>();
  private volatile boolean cut;
  private volatile OutputStream daemonSide;
  private volatile OutputStream hostSide;

  private FrameProxy(String hostUrl) throws IOException {
    String[] hostPort = hostUrl.substring(hostUrl.indexOf("://") + 3).split(":");
    this.target = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "frame-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** A proxy in front of a host's tcp:// URL. */
  public static FrameProxy in(String hostUrl) throws IOException {
    return new FrameProxy(hostUrl);
  }

  /** The URL daemons dial to go through the proxy. */
  public String url() {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  /** Swallows every byte from now on, both ways, without closing anything. */
  public void cut() {
    cut = true;
  }

  /** Writes bytes to the daemon between two frames. */
  public void injectToDaemon(byte[] bytes) throws IOException {
    write(daemonSide, bytes);
  }

  /** Writes bytes to the host between two frames. */
  public void injectToHost(byte[] bytes) throws IOException {
    write(hostSide, bytes);
  }

  private static void write(OutputStream out, byte[] bytes) throws IOException {
    synchronized (out) {
      out.write(bytes);
      out.flush();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket daemon = server.accept();
        Socket host = new Socket();
        host.connect(target, 10_000);
        daemon.setTcpNoDelay(true);
        host.setTcpNoDelay(true);
        sockets.add(daemon);
        sockets.add(host);
        daemonSide = daemon.getOutputStream();
        hostSide = host.getOutputStream();
        pump(daemon, hostSide, toHost, "to-host");
        pump(host, daemonSide, toDaemon, "to-daemon");
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, OutputStream to, List<byte[]> record, String name) {
    Thread thread = new Thread(() -> {
      try (DataInputStream in = new DataInputStream(from.getInputStream())) {
        while (true) {
          int length = in.readInt();
          byte[] frame = new byte[4 + length];
          frame[0] = (byte) (length >>> 24);
          frame[1] = (byte) (length >>> 16);
          frame[2] = (byte) (length >>> 8);
          frame[3] = (byte) length;
          in.readFully(frame, 4, length);
          if (cut) {
            continue;
          }
          record.add(frame);
          write(to, frame);
        }
      } catch (IOException e) {
        if (!cut) {
          closeAll();
        }
      }
    }, "frame-proxy-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** The type byte of a recorded frame. */
  public static byte type(byte[] frame) {
    return frame[4];
  }

  private void closeAll() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing is best effort
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    closeAll();
  }
}
