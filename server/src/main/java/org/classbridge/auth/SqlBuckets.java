package org.classbridge.auth;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * The throttle's buckets in the database, shared by every node. An update takes the rows of its
 * buckets {@code FOR UPDATE} in name order (so two updates never wait on each other in a circle),
 * changes them and writes them back in one transaction: the rows serialise every node's attempts on
 * the same account or address.
 */
final class SqlBuckets implements LoginThrottle.Buckets {
  private final Database db;
  private final Duration window;
  private final Clock clock;

  SqlBuckets(Database db, Duration window, Clock clock) {
    this.db = db;
    this.window = window;
    this.clock = clock;
  }

  @Override
  public <T> Future<T> update(List<LoginThrottle.Key> keys, LoginThrottle.Change<T> change) {
    List<LoginThrottle.Key> sorted =
        keys.stream().sorted(Comparator.comparing(LoginThrottle.Key::name)).toList();
    return db.transaction(
        tx -> {
          Instant now = Tx.now(clock);
          Map<String, LoginThrottle.Bucket> byName = new HashMap<>();
          for (LoginThrottle.Key k : sorted) {
            // a missing bucket is full: make the row first, so there is a row to lock
            tx.update(
                "insert into login_bucket (bucket, tokens, updated_at) values (?, ?, ?)"
                    + " on conflict do nothing",
                k.name(),
                (double) k.capacity(),
                now);
            LoginThrottle.Bucket b =
                tx.one(
                        "select tokens, updated_at from login_bucket where bucket = ? for update",
                        rs ->
                            new LoginThrottle.Bucket(
                                k.capacity(),
                                window,
                                rs.getDouble("tokens"),
                                Sql.instant(rs, "updated_at")),
                        k.name())
                    .orElseThrow();
            byName.put(k.name(), b);
          }
          T result = change.apply(byName, now);
          List<Object[]> rows = new ArrayList<>();
          for (LoginThrottle.Key k : sorted) {
            LoginThrottle.Bucket b = byName.get(k.name());
            b.settle(now);
            rows.add(new Object[] {b.tokens(), b.last(), k.name()});
          }
          tx.batch("update login_bucket set tokens = ?, updated_at = ? where bucket = ?", rows);
          return result;
        });
  }

  @Override
  public Future<Integer> forget(Instant before) {
    return db.transaction(tx -> tx.update("delete from login_bucket where updated_at < ?", before));
  }
}
