package org.classbridge.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FuturesTest {
  @Test
  @DisplayName("runs steps in order and stops at the first failure, also after 100,000 steps")
  void longChains() throws Exception {
    List<Integer> seen = new ArrayList<>();
    List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
    Future<Void> ok = Futures.inOrder(items, i -> Future.succeededFuture(seen.add(i)));
    assertThat(ok.succeeded()).isTrue();
    assertThat(seen).hasSize(100_000).startsWith(0, 1, 2).endsWith(99_999);

    Future<Void> failed =
        Futures.inOrder(
            items,
            i ->
                i == 99_990
                    ? Future.failedFuture(new IllegalStateException("step " + i))
                    : Future.succeededFuture());
    assertThat(failed.failed()).isTrue();
    assertThat(failed.cause()).hasMessage("step 99990");
  }

  @Test
  @DisplayName("waits for asynchronous steps, one at a time")
  void asynchronousSteps() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
      Future<Void> done =
          Futures.inOrder(
              IntStream.range(0, 2_000).boxed().toList(),
              i -> vertx.executeBlocking(() -> seen.add(i)));
      done.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(seen).isEqualTo(IntStream.range(0, 2_000).boxed().toList());

      Future<Void> failing =
          Futures.inOrder(
              IntStream.range(0, 2_000).boxed().toList(),
              i ->
                  vertx.executeBlocking(
                      () -> {
                        if (i == 1_500) {
                          throw new IllegalStateException("at 1500");
                        }
                        return i;
                      }));
      assertThat(
              failing
                  .toCompletionStage()
                  .toCompletableFuture()
                  .handle((v, e) -> e)
                  .get(30, TimeUnit.SECONDS))
          .hasMessageContaining("at 1500");
    } finally {
      vertx.close();
    }
  }
}
