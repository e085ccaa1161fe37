package org.mirai4j.internal.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dials ws:// and wss:// with the JDK alone: a socket (an {@link javax.net.ssl.SSLSocket} for
 * wss, see {@link TlsDialer}), the HTTP/1.1 upgrade written and checked here (RFC 6455 §4), then
 * streams that carry the mirai byte stream in binary WebSocket frames: masked on the way out,
 * unmasked on the way in, with continuation frames, ping → pong and close handled. No extra
 * thread: the daemon's reading thread reads frames, its writer writes them.
 */
final class WebSocketDialer {
  /**
   * The largest payload of one WebSocket frame a daemon sends; the host refuses larger ones.
   * Longer writes are split: the host reassembles the byte stream.
   */
  static final int MAX_FRAME_PAYLOAD = 64 * 1024;

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_RESPONSE_HEADER = 16 * 1024;
  private static final int OP_CONTINUATION = 0x0;
  private static final int OP_TEXT = 0x1;
  private static final int OP_BINARY = 0x2;
  private static final int OP_CLOSE = 0x8;
  private static final int OP_PING = 0x9;
  private static final int OP_PONG = 0xA;

  private WebSocketDialer() {}

  static BlockingConnection dial(MiraiUrl url, String tlsCert) throws IOException {
    Socket socket = url.scheme().tls() ? TlsDialer.connect(url, tlsCert) : connectPlain(url);
    try {
      socket.setSoTimeout(TlsDialer.TIMEOUT_MS);
      Output out = new Output(socket.getOutputStream());
      Input in = new Input(socket.getInputStream(), out);
      upgrade(url, in, out);
      socket.setSoTimeout(0);
      return new BlockingConnection(in, out, () -> {
        out.sendClose();
        socket.close();
      }, url.toString());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Socket connectPlain(MiraiUrl url) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(url.host(), url.port()), TlsDialer.TIMEOUT_MS);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  /** Sends the upgrade request and checks the 101 response. */
  private static void upgrade(MiraiUrl url, Input in, Output out) throws IOException {
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    String host = url.host().indexOf(':') >= 0 ? "[" + url.host() + "]" : url.host();
    String request = "GET " + url.path() + " HTTP/1.1\r\n"
        + "Host: " + host + ":" + url.port() + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "User-Agent: mirai4j-daemon\r\n\r\n";
    out.writeRaw(request.getBytes(StandardCharsets.US_ASCII));
    String head;
    try {
      head = in.readHttpHead();
    } catch (EOFException e) {
      throw new IOException("the host closed the connection during the WebSocket upgrade"
          + (url.scheme().tls() ? "" : " (a wss:// or tls+tcp:// listener?)"), e);
    } catch (SocketTimeoutException e) {
      throw new IOException("no answer to the WebSocket upgrade within "
          + TlsDialer.TIMEOUT_MS / 1000 + " s", e);
    }
    String[] lines = head.split("\r\n");
    String status = lines[0];
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer to the WebSocket upgrade: " + printable(status));
    }
    if (!parts[1].equals("101")) {
      String hint = parts[1].equals("404") ? " (is the path " + url.path() + " right?)" : "";
      throw new IOException("WebSocket upgrade refused: " + printable(status) + hint);
    }
    String accept = null;
    boolean upgradeHeader = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("sec-websocket-accept")) {
        accept = value;
      } else if (name.equals("upgrade")) {
        upgradeHeader = value.equalsIgnoreCase("websocket");
      }
    }
    if (!upgradeHeader || !expectedAccept(key).equals(accept)) {
      throw new IOException("invalid WebSocket upgrade response from the host"
          + " (Upgrade or Sec-WebSocket-Accept header wrong)");
    }
  }

  static String expectedAccept(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1")
          .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return cut.replaceAll("[^\\x20-\\x7e…]", "?");
  }

  /**
   * The byte stream carried by the host's data frames. Control frames are handled on the way:
   * a ping is answered with a pong (through {@link Output}), a close ends the stream.
   */
  static final class Input extends InputStream {
    private final InputStream raw;
    private final Output out;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    /** Payload bytes of the current data frame still to be read. */
    private long remaining;
    private boolean masked;
    private final byte[] mask = new byte[4];
    private long maskOffset;
    private boolean closed;

    Input(InputStream raw, Output out) {
      this.raw = raw;
      this.out = out;
    }

    /** Reads the response head (up to the blank line); what follows stays buffered. */
    String readHttpHead() throws IOException {
      StringBuilder head = new StringBuilder();
      int matched = 0;
      while (true) {
        int b = rawByte();
        if (head.length() == 0) {
          String wrong = Dialer.FirstByteCheck.wrongScheme(b);
          if (wrong != null && b != 'H') {
            throw new IOException(wrong);
          }
        }
        head.append((char) b);
        if (head.length() > MAX_RESPONSE_HEADER) {
          throw new IOException("WebSocket upgrade response header over "
              + MAX_RESPONSE_HEADER + " bytes");
        }
        matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        if (matched == 4 && head.toString().endsWith("\r\n\r\n")) {
          return head.substring(0, head.length() - 4);
        }
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (remaining == 0) {
        if (closed || !nextDataFrame()) {
          return -1;
        }
      }
      int want = (int) Math.min(len, remaining);
      int n;
      if (pos < limit) {
        n = Math.min(want, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
      } else {
        // Large payloads go straight into the caller's array.
        n = raw.read(b, off, want);
        if (n < 0) {
          throw new EOFException("the host closed the connection inside a WebSocket frame");
        }
      }
      if (masked) {
        for (int i = 0; i < n; i++) {
          b[off + i] ^= mask[(int) ((maskOffset + i) & 3)];
        }
        maskOffset += n;
      }
      remaining -= n;
      return n;
    }

    /**
     * Reads frame headers until a data frame with payload starts; handles control frames.
     *
     * @return false at the end of the stream (a close frame, or the host closed the socket)
     */
    private boolean nextDataFrame() throws IOException {
      int b0 = rawByteOrEof();
      if (b0 < 0) {
        closed = true;
        return false;
      }
      int b1 = rawByte();
      int opcode = b0 & 0x0f;
      if ((b0 & 0x70) != 0) {
        throw new IOException("WebSocket frame with reserved bits set (no extension agreed)");
      }
      masked = (b1 & 0x80) != 0;
      long length = b1 & 0x7f;
      if (length == 126) {
        length = (rawByte() << 8) | rawByte();
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | rawByte();
        }
        if (length < 0) {
          throw new IOException("WebSocket frame length out of range");
        }
      }
      if (masked) {
        for (int i = 0; i < 4; i++) {
          mask[i] = (byte) rawByte();
        }
      }
      maskOffset = 0;
      switch (opcode) {
        case OP_BINARY, OP_CONTINUATION -> {
          remaining = length;
          return true;
        }
        case OP_PING, OP_PONG, OP_CLOSE -> {
          if (length > 125) {
            throw new IOException("WebSocket control frame of " + length + " bytes");
          }
          byte[] payload = new byte[(int) length];
          for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (rawByte() ^ (masked ? mask[i & 3] : 0));
          }
          if (opcode == OP_PING) {
            out.sendControl(OP_PONG, payload);
          } else if (opcode == OP_CLOSE) {
            // Echo the status, then report the end of the stream.
            out.sendControl(OP_CLOSE, payload.length >= 2
                ? new byte[] {payload[0], payload[1]} : new byte[0]);
            closed = true;
            return false;
          }
          return true; // remaining is still 0: the caller reads the next frame
        }
        case OP_TEXT -> throw new IOException("the host sent a WebSocket text frame");
        default -> throw new IOException("unknown WebSocket opcode " + opcode);
      }
    }

    private int rawByteOrEof() throws IOException {
      if (pos == limit) {
        int n = raw.read(buf, 0, buf.length);
        if (n < 0) {
          return -1;
        }
        pos = 0;
        limit = n;
      }
      return buf[pos++] & 0xff;
    }

    private int rawByte() throws IOException {
      int b = rawByteOrEof();
      if (b < 0) {
        throw new EOFException("the host closed the connection");
      }
      return b;
    }
  }

  /**
   * Writes the byte stream as masked binary frames, at most {@link #MAX_FRAME_PAYLOAD} each.
   * Frames are written whole under a lock, so a pong from the reading thread falls between two
   * frames, never inside one.
   */
  static final class Output extends OutputStream {
    private final OutputStream raw;
    private final ReentrantLock lock = new ReentrantLock();
    private final SecureRandom random = new SecureRandom();
    private final byte[] frame = new byte[14 + MAX_FRAME_PAYLOAD];
    private boolean closeSent;

    Output(OutputStream raw) {
      this.raw = raw;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      lock.lock();
      try {
        while (len > 0) {
          int n = Math.min(len, MAX_FRAME_PAYLOAD);
          writeFrame(OP_BINARY, b, off, n);
          off += n;
          len -= n;
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void flush() throws IOException {
      lock.lock();
      try {
        raw.flush();
      } finally {
        lock.unlock();
      }
    }

    /** Writes bytes as they are (the upgrade request). */
    void writeRaw(byte[] bytes) throws IOException {
      lock.lock();
      try {
        raw.write(bytes);
        raw.flush();
      } finally {
        lock.unlock();
      }
    }

    void sendControl(int opcode, byte[] payload) throws IOException {
      lock.lock();
      try {
        if (closeSent) {
          return;
        }
        closeSent = opcode == OP_CLOSE;
        writeFrame(opcode, payload, 0, payload.length);
        raw.flush();
      } finally {
        lock.unlock();
      }
    }

    /** A normal-closure frame, best effort: skipped when a writer is stuck. */
    void sendClose() {
      try {
        if (lock.tryLock(100, TimeUnit.MILLISECONDS)) {
          try {
            sendControl(OP_CLOSE, new byte[] {0x03, (byte) 0xe8});
          } finally {
            lock.unlock();
          }
        }
      } catch (IOException ignored) {
        // the host has gone already
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Builds header, mask and masked payload in one array, then one write. Lock held. */
    private void writeFrame(int opcode, byte[] b, int off, int len) throws IOException {
      int h = 0;
      frame[h++] = (byte) (0x80 | opcode);
      if (len < 126) {
        frame[h++] = (byte) (0x80 | len);
      } else if (len < 65536) {
        frame[h++] = (byte) (0x80 | 126);
        frame[h++] = (byte) (len >>> 8);
        frame[h++] = (byte) len;
      } else {
        frame[h++] = (byte) (0x80 | 127);
        for (int i = 7; i >= 0; i--) {
          frame[h++] = (byte) (i >= 4 ? 0 : len >>> (8 * i));
        }
      }
      int m = random.nextInt();
      byte m0 = (byte) (m >>> 24);
      byte m1 = (byte) (m >>> 16);
      byte m2 = (byte) (m >>> 8);
      byte m3 = (byte) m;
      frame[h++] = m0;
      frame[h++] = m1;
      frame[h++] = m2;
      frame[h++] = m3;
      int i = 0;
      for (; i + 3 < len; i += 4) {
        frame[h + i] = (byte) (b[off + i] ^ m0);
        frame[h + i + 1] = (byte) (b[off + i + 1] ^ m1);
        frame[h + i + 2] = (byte) (b[off + i + 2] ^ m2);
        frame[h + i + 3] = (byte) (b[off + i + 3] ^ m3);
      }
      for (; i < len; i++) {
        frame[h + i] = (byte) (b[off + i] ^ (m >>> (24 - 8 * (i & 3))));
      }
      raw.write(frame, 0, h + len);
    }
  }
}
