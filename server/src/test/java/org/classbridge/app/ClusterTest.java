package org.classbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.classbridge.testing.Await;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Classbridge nodes form a cluster when configured (Hazelcast, TCP/IP join on loopback), and
 * the EventBus reaches across them. Forming a cluster takes seconds, so this is one test.
 */
class ClusterTest {
  @TempDir Path data;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Map<Setting, String> node(int port, int other) {
    return Map.of(
        Setting.DEMO_SEED, "false",
        Setting.CLUSTER_ENABLED, "true",
        Setting.CLUSTER_HOST, "127.0.0.1",
        Setting.CLUSTER_PORT, Integer.toString(port),
        Setting.CLUSTER_MEMBERS, "127.0.0.1:" + other);
  }

  @Test
  @DisplayName("clustered nodes answer each other's EventBus requests; unclustered is the default")
  void eventBusSpansNodes() throws Exception {
    int a = freePort();
    int b = freePort();
    try (Classbridge first = TestApp.start(data.resolve("a"), node(a, b));
        Classbridge second = TestApp.start(data.resolve("b"), node(b, a))) {
      assertThat(first.vertx().isClustered()).isTrue();
      Await.await(
          first
              .vertx()
              .eventBus()
              .<String>consumer("test.ping", m -> m.reply("pong from " + m.body()))
              .completion());
      String answer =
          Await.await(
              second.vertx().eventBus().<String>request("test.ping", "second").map(m -> m.body()));
      assertThat(answer).isEqualTo("pong from second");
    }
    try (Classbridge local = TestApp.start(data.resolve("c"), Map.of(Setting.DEMO_SEED, "false"))) {
      assertThat(local.vertx().isClustered()).isFalse();
    }
  }
}
