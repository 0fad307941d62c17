package org.classbridge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.classbridge.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T08:00:00Z"));
  final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(15), clock);

  @Test
  @DisplayName(
      "an account is refused after its allowance of failures, and allowed again as it refills")
  void perAccount() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.refusal("teacher.yushu", "10.0.0." + i)).isEmpty();
      throttle.recordFailure("teacher.yushu", "10.0.0." + i);
    }
    assertThat(throttle.refusal("teacher.yushu", "10.0.0.99")).isPresent();
    assertThat(throttle.refusal("TEACHER.YUSHU", "10.0.0.99")).isPresent();
    assertThat(throttle.refusal("student.yushu", "10.0.0.99")).isEmpty();
    // one token comes back after window / allowance = 5 minutes
    Duration wait = throttle.refusal("teacher.yushu", "10.0.0.99").orElseThrow();
    assertThat(wait).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
    clock.advance(wait);
    assertThat(throttle.refusal("teacher.yushu", "10.0.0.99")).isEmpty();
  }

  @Test
  @DisplayName("one address guessing many accounts is refused after the address allowance")
  void perAddress() {
    for (int i = 0; i < 5; i++) {
      throttle.recordFailure("user" + i, "203.0.113.7");
    }
    assertThat(throttle.refusal("someone.else", "203.0.113.7")).isPresent();
    assertThat(throttle.refusal("someone.else", "203.0.113.8")).isEmpty();
  }

  @Test
  @DisplayName("a successful login clears the account's failures but not the address's")
  void success() {
    throttle.recordFailure("teacher.yushu", "10.0.0.1");
    throttle.recordFailure("teacher.yushu", "10.0.0.1");
    throttle.recordSuccess("teacher.yushu");
    throttle.recordFailure("teacher.yushu", "10.0.0.1");
    throttle.recordFailure("teacher.yushu", "10.0.0.1");
    assertThat(throttle.refusal("teacher.yushu", "10.0.0.2")).isEmpty();
    assertThat(throttle.refusal("x", "10.0.0.1")).isEmpty(); // 4 of 5
    throttle.recordFailure("y", "10.0.0.1");
    assertThat(throttle.refusal("x", "10.0.0.1")).isPresent();
  }
}
