package org.classbridge.auth;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Limits failed logins with token buckets per account and per client address.
 *
 * <p>Every attempt <em>reserves</em> a token from both buckets before the password is checked, and
 * gets both back when the password was right: so only failures spend the allowance, yet a thousand
 * simultaneous guesses cannot all slip past a check that only counts failures once they have
 * happened. An empty bucket refuses every attempt, right password or not, until the allowance
 * refills (evenly over the window). Checked before the slow password hash, so a flood of guesses
 * costs the server almost nothing.
 *
 * <p>Where the buckets live is {@link Buckets}'s business: in the database ({@link SqlBuckets}), so
 * that every node shares them and N nodes allow the allowance once, not N times.
 */
public final class LoginThrottle {
  private final int accountAllowance;
  private final int addressAllowance;
  private final Duration window;
  private final Clock clock;
  private final Buckets buckets;

  public LoginThrottle(
      int accountAllowance, int addressAllowance, Duration window, Clock clock, Buckets buckets) {
    this.accountAllowance = accountAllowance;
    this.addressAllowance = addressAllowance;
    this.window = window;
    this.clock = clock;
    this.buckets = buckets;
  }

  /**
   * Where buckets are kept. {@link #update} reads the named buckets (a missing one is full),
   * applies {@code change} to them and stores the result, atomically with respect to every other
   * update of the same buckets, on whichever node it runs.
   */
  public interface Buckets {
    <T> Future<T> update(List<Key> keys, Change<T> change);

    /** Forgets buckets untouched since {@code before} (they have refilled: same as absent). */
    Future<Integer> forget(Instant before);
  }

  /** A bucket's name and capacity. */
  public record Key(String name, int capacity) {}

  /** What to do with the buckets, in key order. */
  @FunctionalInterface
  public interface Change<T> {
    T apply(Map<String, Bucket> byName, Instant now);
  }

  /**
   * Reserves one attempt for this account from this address. When refused, says how long until the
   * next attempt may be made; nothing is reserved then.
   */
  public Future<Optional<Duration>> reserve(String username, String address) {
    String account = accountKey(username);
    String ip = addressKey(address);
    return buckets.update(
        List.of(new Key(account, accountAllowance), new Key(ip, addressAllowance)),
        (b, now) -> {
          Duration accountWait = b.get(account).tryTake(now);
          if (!accountWait.isZero()) {
            return Optional.of(accountWait);
          }
          Duration ipWait = b.get(ip).tryTake(now);
          if (!ipWait.isZero()) {
            b.get(account).giveBack(now);
            return Optional.of(ipWait);
          }
          return Optional.empty();
        });
  }

  /**
   * The reserved attempt was a right password: the address gets its token back and the account's
   * earlier failures are forgotten (one NAT serves many users, so the address's are not).
   */
  public Future<Void> succeeded(String username, String address) {
    String account = accountKey(username);
    String ip = addressKey(address);
    return buckets.update(
        List.of(new Key(account, accountAllowance), new Key(ip, addressAllowance)),
        (b, now) -> {
          b.get(account).fill();
          b.get(ip).giveBack(now);
          return null;
        });
  }

  /** The reserved attempt was not checked at all (the server was too busy): undo it. */
  public Future<Void> release(String username, String address) {
    String account = accountKey(username);
    String ip = addressKey(address);
    return buckets.update(
        List.of(new Key(account, accountAllowance), new Key(ip, addressAllowance)),
        (b, now) -> {
          b.get(account).giveBack(now);
          b.get(ip).giveBack(now);
          return null;
        });
  }

  /** Drops the buckets untouched for a whole window: they are full again. */
  public Future<Integer> sweep() {
    return buckets.forget(clock.instant().minus(window));
  }

  static String accountKey(String username) {
    return "a:" + username.toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "i:" + address;
  }

  /** One token bucket, as read for an update; not shared between threads. */
  public static final class Bucket {
    private static final double EPSILON = 1e-9;

    private final int capacity;
    private final double refillPerNano;
    private double tokens;
    private Instant last;

    Bucket(int capacity, Duration window, double tokens, Instant last) {
      this.capacity = capacity;
      this.refillPerNano = capacity / (double) window.toNanos();
      this.tokens = tokens;
      this.last = last;
    }

    static Bucket full(int capacity, Duration window, Instant now) {
      return new Bucket(capacity, window, capacity, now);
    }

    private void refill(Instant now) {
      long elapsed = Duration.between(last, now).toNanos();
      if (elapsed > 0) {
        tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
        last = now;
      }
    }

    /** Takes a token and answers zero, or answers how long until one is there. */
    Duration tryTake(Instant now) {
      refill(now);
      if (tokens >= 1 - EPSILON) { // the refill arithmetic is in doubles
        tokens = Math.max(0, tokens - 1);
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) Math.ceil((1 - tokens) / refillPerNano));
    }

    void giveBack(Instant now) {
      refill(now);
      tokens = Math.min(capacity, tokens + 1);
    }

    void fill() {
      tokens = capacity;
    }

    /** Brings the refill up to {@code now}, before the bucket is stored. */
    void settle(Instant now) {
      refill(now);
    }

    double tokens() {
      return tokens;
    }

    Instant last() {
      return last;
    }
  }
}
