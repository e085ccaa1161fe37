package org.mirai4j.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on 127.0.0.1. */
class HttpConfigTest {
  record Request(String method, String path, String body, String auth, String cookie, String custom) {}

  HttpServer server;
  final List<Request> requests = new CopyOnWriteArrayList<>();
  volatile int status = 200;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), body,
          ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Cookie"),
          ex.getRequestHeaders().getFirst("X-Api")));
      byte[] resp = (status == 200 ? "{\"ok\":true}" : "quota exceeded").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, resp.length);
      ex.getResponseBody().write(resp);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void eachDaemonIsOneRequestWithTheJsonEscapedCommandAndLazilyEvaluatedCredentials() throws Exception {
    AtomicInteger tokenCalls = new AtomicInteger();
    HttpConfig http = RemoteConfig.http(() -> base() + "/launch", "POST", () -> Map.of("X-Api", "2"),
            "{\"command\": \"%s\"}")
        .withToken(() -> "tok" + tokenCalls.incrementAndGet())
        .withCookie(() -> "session=1")
        .withDaemonCommand("java -jar \"/opt/m4j.jar\"");
    assertThat(tokenCalls).hasValue(0);

    List<String> lines = http.launch(2, List.of("daemon", "tcp://10.0.0.1:5555"), "tcp://10.0.0.1:5555");

    assertThat(tokenCalls).hasValue(1);
    assertThat(lines).containsExactly("java -jar \"/opt/m4j.jar\" daemon tcp://10.0.0.1:5555",
        "java -jar \"/opt/m4j.jar\" daemon tcp://10.0.0.1:5555");
    assertThat(requests).hasSize(2).allSatisfy(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/launch");
      assertThat(r.body()).isEqualTo("{\"command\": \"java -jar \\\"/opt/m4j.jar\\\" daemon tcp://10.0.0.1:5555\"}");
      assertThat(r.auth()).isEqualTo("Bearer tok1");
      assertThat(r.cookie()).isEqualTo("session=1");
      assertThat(r.custom()).isEqualTo("2");
    });
  }

  @Test
  void aNon2xxAnswerThrowsWithStatusAndBody() {
    status = 429;
    HttpConfig http = RemoteConfig.http(this::base, "POST", null, "%s").withDaemonCommand("x");
    assertThatThrownBy(() -> http.launch(1, List.of("daemon"), "tcp://10.0.0.1:1"))
        .isInstanceOf(IOException.class).hasMessageContaining("429").hasMessageContaining("quota exceeded");
  }
}
