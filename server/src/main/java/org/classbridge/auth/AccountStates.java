package org.classbridge.auth;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.classbridge.sql.Database;

/**
 * What each request's token is checked against: is the account active, which token version is
 * current, must it change its password. Read from the database and kept for a short time, so the
 * check costs a map lookup on almost every request, and a token revoked on another node stops
 * working within that time (at once on the node that revoked it, which forgets its copy).
 * Concurrent requests for one account share one read.
 */
final class AccountStates {
  /** Most accounts remembered; beyond it expired entries go first, then everything. */
  static final int MAX_ENTRIES = 50_000;

  private record Entry(Future<Optional<AccountStore.TokenState>> state, long expiresNanos) {}

  private final Database db;
  private final AccountStore store;
  private final long ttlNanos;
  private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

  AccountStates(Database db, AccountStore store, Duration ttl) {
    this.db = db;
    this.store = store;
    this.ttlNanos = ttl.toNanos();
  }

  Future<Optional<AccountStore.TokenState>> of(UUID accountId) {
    long now = System.nanoTime();
    Entry e = entries.get(accountId);
    if (e != null && now < e.expiresNanos() && !e.state().failed()) {
      return e.state();
    }
    Future<Optional<AccountStore.TokenState>> read = db.read(tx -> store.tokenState(tx, accountId));
    if (ttlNanos > 0) {
      if (entries.size() >= MAX_ENTRIES) {
        evict(now);
      }
      entries.put(accountId, new Entry(read, now + ttlNanos));
    }
    return read;
  }

  /** After a change made on this node: the next request reads the database again. */
  void forget(UUID accountId) {
    entries.remove(accountId);
  }

  private void evict(long now) {
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      if (now >= it.next().expiresNanos()) {
        it.remove();
      }
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
  }
}
