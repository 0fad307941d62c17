package org.classbridge.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

  /**
   * Reserves one attempt for this account from this address. When refused, says how long until the
   * next attempt may be made; nothing is reserved then.
   */
  public Optional<Duration> reserve(String username, String address) {
    Instant now = clock.instant();
    Bucket account = bucket(accountKey(username), accountAllowance, now);
    Bucket ip = bucket(addressKey(address), addressAllowance, now);
    Duration accountWait = account.tryTake(now);
    if (!accountWait.isZero()) {
      return Optional.of(accountWait);
    }
    Duration ipWait = ip.tryTake(now);
    if (!ipWait.isZero()) {
      account.giveBack(now);
      return Optional.of(ipWait);
    }
    if (buckets.size() > MAX_TRACKED) {
      buckets.values().removeIf(b -> b.isFull(now));
    }
    return Optional.empty();
  }

  /**
   * The reserved attempt was a right password: the address gets its token back and the account's
   * earlier failures are forgotten (one NAT serves many users, so the address's are not).
   */
  public void succeeded(String username, String address) {
    buckets.remove(accountKey(username));
    Bucket ip = buckets.get(addressKey(address));
    if (ip != null) {
      ip.giveBack(clock.instant());
    }
  }

  /** The reserved attempt was not checked at all (the server was too busy): undo it. */
  public void release(String username, String address) {
    Instant now = clock.instant();
    for (String key : new String[] {accountKey(username), addressKey(address)}) {
      Bucket b = buckets.get(key);
      if (b != null) {
        b.giveBack(now);
      }
    }
  }

  private Bucket bucket(String key, int allowance, Instant now) {
    return buckets.computeIfAbsent(key, k -> new Bucket(allowance, window, now));
  }

  private static String accountKey(String username) {
    return "a:" + username.toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "i:" + address;
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

    /** Takes a token and answers zero, or answers how long until one is there. */
    synchronized Duration tryTake(Instant now) {
      refill(now);
      if (tokens >= 1 - EPSILON) { // the refill arithmetic is in doubles
        tokens = Math.max(0, tokens - 1);
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) Math.ceil((1 - tokens) / refillPerNano));
    }

    synchronized void giveBack(Instant now) {
      refill(now);
      tokens = Math.min(capacity, tokens + 1);
    }

    synchronized boolean isFull(Instant now) {
      refill(now);
      return tokens >= capacity;
    }
  }
}
