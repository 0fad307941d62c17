package org.classbridge.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeliveryTallyTest {
  static Instant at(String hhmm) {
    return Instant.parse("2026-09-07T" + hhmm + ":00Z");
  }

  @Test
  @DisplayName(
      "a classroom's live time counts within the session only, and a reload's overlapping connections once")
  void secondsWithin() {
    Instant start = at("02:00");
    Instant end = at("02:45");
    // joined 5 minutes early, reloaded at 02:10 (the old connection closes a little later), left
    // after the end
    List<Instant[]> spans =
        List.of(new Instant[] {at("01:55"), at("02:11")}, new Instant[] {at("02:10"), at("02:50")});
    assertThat(DeliveryTally.secondsWithin(spans, start, end)).isEqualTo(45 * 60);
    // a gap of 5 minutes between two connections is not counted
    List<Instant[]> gap =
        List.of(new Instant[] {at("02:00"), at("02:10")}, new Instant[] {at("02:15"), at("02:20")});
    assertThat(DeliveryTally.secondsWithin(gap, start, end)).isEqualTo(15 * 60);
    assertThat(
            DeliveryTally.secondsWithin(
                List.<Instant[]>of(new Instant[] {at("03:00"), at("03:10")}), start, end))
        .isZero();
  }
}
