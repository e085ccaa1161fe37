package org.mirai4j.launch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Launches daemons by sending their command line to an HTTP API, one request per daemon (R:
 * {@code http_config}). Create with {@link RemoteConfig#http}.
 *
 * <p>The URL, headers, token and cookie are {@link Supplier}s called at each {@link #launch}, so
 * credentials are fetched when needed. The request body is the {@code data} template with its
 * {@code %s} replaced by the daemon command line escaped for a JSON string. A response status
 * outside 200–299 throws an {@link IOException} with the status and the response body.
 *
 * <p>The secret is not sent: an API that runs a command line would put it where {@code ps}
 * shows it. The daemon reads {@code MIRAI4J_SECRET}, which the service must set in its
 * environment (give the profile a known secret with {@code Daemons.Builder.secret}).
 */
public final class HttpConfig implements RemoteConfig {
  /** Default time allowed for connecting and for each request. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Supplier<String> url;
  private final String method;
  private final Supplier<Map<String, String>> headers;
  private final String data;
  private final Supplier<String> token;
  private final Supplier<String> cookie;
  private final Duration timeout;
  private final String daemonCommand;

  private HttpConfig(Supplier<String> url, String method, Supplier<Map<String, String>> headers, String data,
      Supplier<String> token, Supplier<String> cookie, Duration timeout, String daemonCommand) {
    this.url = url;
    this.method = method;
    this.headers = headers;
    this.data = data;
    this.token = token;
    this.cookie = cookie;
    this.timeout = timeout;
    this.daemonCommand = daemonCommand;
  }

  static HttpConfig create(Supplier<String> url, String method, Supplier<Map<String, String>> headers, String data) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(data, "data");
    if (!data.contains("%s")) {
      throw new IllegalArgumentException("data must contain %s where the daemon command goes, got: " + data);
    }
    return new HttpConfig(url, method, headers == null ? Map::of : headers, data, null, null, DEFAULT_TIMEOUT, null);
  }

  /**
   * Returns a copy that adds {@code Authorization: Bearer <token>}.
   *
   * @param token evaluated at launch time
   * @return a new configuration
   */
  public HttpConfig withToken(Supplier<String> token) {
    return new HttpConfig(url, method, headers, data, Objects.requireNonNull(token), cookie, timeout, daemonCommand);
  }

  /**
   * Returns a copy that adds {@code Cookie: <cookie>}.
   *
   * @param cookie evaluated at launch time
   * @return a new configuration
   */
  public HttpConfig withCookie(Supplier<String> cookie) {
    return new HttpConfig(url, method, headers, data, token, Objects.requireNonNull(cookie), timeout, daemonCommand);
  }

  /**
   * Returns a copy with another connect and request timeout.
   *
   * @param timeout positive
   * @return a new configuration
   */
  public HttpConfig withTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    return new HttpConfig(url, method, headers, data, token, cookie, timeout, daemonCommand);
  }

  @Override
  public HttpConfig withDaemonCommand(String cliCommand) {
    return new HttpConfig(url, method, headers, data, token, cookie, timeout, Launch.checkDaemonCommand(cliCommand));
  }

  /**
   * {@inheritDoc}
   *
   * @return the daemon command line sent, once per daemon
   */
  @Override
  public List<String> launch(int n, List<String> daemonArgs, String hostUrl, String secret) throws IOException {
    Launch.checkN(n);
    String line = Launch.daemonLine(daemonCommand, daemonArgs);
    URI uri = URI.create(Objects.requireNonNull(url.get(), "url supplier returned null"));
    Map<String, String> h = new LinkedHashMap<>(Objects.requireNonNullElse(headers.get(), Map.of()));
    if (cookie != null) {
      h.put("Cookie", cookie.get());
    }
    if (token != null) {
      h.put("Authorization", "Bearer " + token.get());
    }
    h.putIfAbsent("Content-Type", "application/json");
    String body = data.replace("%s", jsonEscape(line));
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.ofString(body));
    h.forEach(rb::header);
    HttpRequest request = rb.build();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      HttpResponse<String> resp;
      try {
        resp = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while launching via " + method + " " + uri, e);
      } catch (IOException e) {
        throw new IOException(method + " " + uri + " failed: " + e, e);
      }
      if (resp.statusCode() / 100 != 2) {
        throw new IOException(method + " " + uri + " returned HTTP " + resp.statusCode() + ": " + resp.body().strip());
      }
      out.add(line);
    }
    return out;
  }

  /** Escapes {@code s} for the inside of a JSON string. */
  static String jsonEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "RemoteConfig.http(" + method + ")";
  }
}
