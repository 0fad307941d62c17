package org.classbridge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.classbridge.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T08:00:00Z"));
  final LoginThrottle throttle =
      new LoginThrottle(
          3, 5, Duration.ofMinutes(15), clock, new MemoryBuckets(Duration.ofMinutes(15), clock));

  @Test
  @DisplayName(
      "an account is refused after its allowance of failures, and allowed again as it refills")
  void perAccount() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.reserve("teacher.yushu", "10.0.0." + i).result())
          .isEmpty(); // then it fails
    }
    assertThat(throttle.reserve("teacher.yushu", "10.0.0.99").result()).isPresent();
    assertThat(throttle.reserve("TEACHER.YUSHU", "10.0.0.99").result()).isPresent();
    assertThat(throttle.reserve("student.yushu", "10.0.0.99").result()).isEmpty();
    // one token comes back after window / allowance = 5 minutes
    Duration wait = throttle.reserve("teacher.yushu", "10.0.0.99").result().orElseThrow();
    assertThat(wait).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
    clock.advance(wait);
    assertThat(throttle.reserve("teacher.yushu", "10.0.0.99").result()).isEmpty();
  }

  @Test
  @DisplayName(
      "simultaneous attempts cannot all pass: each reserves before any password is checked")
  void simultaneousAttempts() {
    int admitted = 0;
    for (int i = 0; i < 1000; i++) {
      if (throttle.reserve("teacher.yushu", "10.0.1." + (i % 200)).result().isEmpty()) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(3);
  }

  @Test
  @DisplayName("one address guessing many accounts is refused after the address allowance")
  void perAddress() {
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.reserve("user" + i, "203.0.113.7").result()).isEmpty();
    }
    assertThat(throttle.reserve("someone.else", "203.0.113.7").result()).isPresent();
    assertThat(throttle.reserve("someone.else", "203.0.113.8").result()).isEmpty();
  }

  @Test
  @DisplayName(
      "right passwords spend nothing: they give the address's token back and clear the account")
  void successesAreFree() {
    for (int i = 0; i < 50; i++) {
      assertThat(throttle.reserve("student" + i, "10.0.0.1").result()).isEmpty();
      throttle.succeeded("student" + i, "10.0.0.1").result();
    }
    throttle.reserve("teacher.yushu", "10.0.0.1");
    throttle.reserve("teacher.yushu", "10.0.0.1");
    throttle.reserve("teacher.yushu", "10.0.0.1");
    throttle.succeeded("teacher.yushu", "10.0.0.1").result();
    assertThat(throttle.reserve("teacher.yushu", "10.0.0.2").result()).isEmpty();
    // two failures spent at 10.0.0.1 (the third reservation was a success and came back)
    assertThat(throttle.reserve("x", "10.0.0.1").result()).isEmpty();
    assertThat(throttle.reserve("y", "10.0.0.1").result()).isEmpty();
    assertThat(throttle.reserve("z", "10.0.0.1").result()).isEmpty();
    assertThat(throttle.reserve("w", "10.0.0.1").result()).isPresent();
  }

  @Test
  @DisplayName("an attempt released unchecked (server busy) costs nothing")
  void release() {
    for (int i = 0; i < 10; i++) {
      assertThat(throttle.reserve("teacher.yushu", "10.0.0.1").result()).isEmpty();
      throttle.release("teacher.yushu", "10.0.0.1").result();
    }
  }
}
