package org.classbridge.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins with token buckets per account and per client address. Each failure takes a
 * token; the allowance refills evenly over the window; an empty bucket refuses every attempt, right
 * password or not, until a token is back. Checked before the slow password hash, so a flood of
 * guesses costs the server almost nothing.
 *
 * <p>The state is per node: with N nodes behind a balancer an attacker gets at most N times the
 * allowance, still far below ASVS's 100 failures per hour per account at the defaults.
 */
public final class LoginThrottle {
  /** Above this many tracked keys, full buckets (equivalent to absent ones) are dropped. */
  private static final int MAX_TRACKED = 100_000;

  private final int accountAllowance;
  private final int addressAllowance;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public LoginThrottle(int accountAllowance, int addressAllowance, Duration window, Clock clock) {
    this.accountAllowance = accountAllowance;
    this.addressAllowance = addressAllowance;
    this.window = window;
    this.clock = clock;
  }

  /** When refused, how long until the next attempt may be made. */
  public Optional<Duration> refusal(String username, String address) {
    Instant now = clock.instant();
    Duration wait = Duration.ZERO;
    Bucket account = buckets.get(accountKey(username));
    if (account != null) {
      wait = max(wait, account.waitForToken(now));
    }
    Bucket ip = buckets.get(addressKey(address));
    if (ip != null) {
      wait = max(wait, ip.waitForToken(now));
    }
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  public void recordFailure(String username, String address) {
    Instant now = clock.instant();
    take(accountKey(username), accountAllowance, now);
    take(addressKey(address), addressAllowance, now);
    if (buckets.size() > MAX_TRACKED) {
      buckets.values().removeIf(b -> b.isFull(now));
    }
  }

  /** A right password clears the account's failures (not the address's: one NAT, many users). */
  public void recordSuccess(String username) {
    buckets.remove(accountKey(username));
  }

  private void take(String key, int allowance, Instant now) {
    buckets.computeIfAbsent(key, k -> new Bucket(allowance, window, now)).take(now);
  }

  private static String accountKey(String username) {
    return "a:" + username.toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "i:" + address;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static final class Bucket {
    private static final double EPSILON = 1e-9;

    private final int capacity;
    private final double refillPerNano;
    private double tokens;
    private Instant last;

    Bucket(int capacity, Duration window, Instant now) {
      this.capacity = capacity;
      this.refillPerNano = capacity / (double) window.toNanos();
      this.tokens = capacity;
      this.last = now;
    }

    private void refill(Instant now) {
      long elapsed = Duration.between(last, now).toNanos();
      if (elapsed > 0) {
        tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
        last = now;
      }
    }

    synchronized void take(Instant now) {
      refill(now);
      tokens = Math.max(0, tokens - 1);
    }

    synchronized Duration waitForToken(Instant now) {
      refill(now);
      if (tokens >= 1 - EPSILON) { // the refill arithmetic is in doubles
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) Math.ceil((1 - tokens) / refillPerNano));
    }

    synchronized boolean isFull(Instant now) {
      refill(now);
      return tokens >= capacity;
    }
  }
}
