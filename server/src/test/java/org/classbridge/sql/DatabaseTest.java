package org.classbridge.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How SQL meets the event loop: blocking JDBC on SQL workers, results back on the caller. */
@ExtendWith(VertxExtension.class)
class DatabaseTest {
  @TempDir Path dir;
  Database db;

  @BeforeEach
  void open(Vertx vertx) {
    db =
        Database.on(
            vertx,
            Database.connect(
                new DbConfig(H2Template.fileUrl(dir.resolve("db")), "", "", 2), Optional.empty()));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  @DisplayName("JDBC runs on a classbridge-sql worker and the result comes back on the event loop")
  void offTheEventLoop(Vertx vertx, VertxTestContext test) {
    Context eventLoop = vertx.getOrCreateContext();
    eventLoop.runOnContext(
        v ->
            db.read(c -> Thread.currentThread().getName())
                .onComplete(
                    test.succeeding(
                        worker ->
                            test.verify(
                                () -> {
                                  assertThat(worker).startsWith("classbridge-sql");
                                  assertThat(Context.isOnEventLoopThread()).isTrue();
                                  assertThat(Vertx.currentContext()).isSameAs(eventLoop);
                                  test.completeNow();
                                }))));
  }

  @Test
  @DisplayName("a transaction that throws leaves nothing behind")
  void rollback(VertxTestContext test) {
    db.<Long>transaction(
            c -> {
              c.update(
                  "insert into education_group (id, name, created_at) values (?, ?, ?)",
                  UUID.randomUUID(),
                  "半途而废",
                  Instant.now());
              throw new IllegalStateException("failure after the insert");
            })
        .recover(e -> db.read(c -> c.count("select count(*) from education_group")))
        .onComplete(
            test.succeeding(
                count ->
                    test.verify(
                        () -> {
                          assertThat(count).isZero();
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("a serialization failure is retried; other SQL errors are not")
  void retries(VertxTestContext test) {
    AtomicInteger attempts = new AtomicInteger();
    db.transaction(
            c -> {
              if (attempts.incrementAndGet() == 1) {
                throw new SQLException("could not serialize access", "40001");
              }
              return "done";
            })
        .compose(
            done -> {
              AtomicInteger other = new AtomicInteger();
              return db.transaction(
                      c -> {
                        other.incrementAndGet();
                        throw new SQLException("syntax", "42000");
                      })
                  .transform(ar -> Future.succeededFuture(other.get()));
            })
        .onComplete(
            test.succeeding(
                otherAttempts ->
                    test.verify(
                        () -> {
                          assertThat(attempts.get()).isEqualTo(2);
                          assertThat(otherAttempts).isEqualTo(1);
                          test.completeNow();
                        })));
  }
}
