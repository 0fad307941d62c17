package org.classbridge.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The arithmetic of evidence, checked by hand. */
class EvidenceTest {
  static final UUID SCHOOL = UUID.randomUUID();
  static final UUID A = UUID.randomUUID();
  static final UUID B = UUID.randomUUID();
  static final CoverageSources.TermInfo TERM =
      new CoverageSources.TermInfo(
          UUID.randomUUID(),
          UUID.randomUUID(),
          "秋季学期",
          LocalDate.parse("2026-09-01"),
          LocalDate.parse("2027-01-22"),
          Set.of(),
          Map.<LocalDate, DayOfWeek>of());

  static CoverageSources.Received session(
      UUID klass,
      Subject s,
      String day,
      boolean cancelled,
      boolean past,
      int present,
      int marked,
      boolean joined,
      long live) {
    Instant start = Instant.parse(day + "T02:00:00Z");
    return new CoverageSources.Received(
        UUID.randomUUID(),
        klass,
        s,
        LocalDate.parse(day),
        start,
        start.plusSeconds(45 * 60),
        cancelled,
        past,
        present,
        marked,
        joined,
        live);
  }

  @Test
  @DisplayName(
      "held, not held, upcoming and cancelled; attendance rates; live minutes from the connection, or the booked length for a register alone")
  void tally() {
    List<CoverageSources.Received> sessions =
        List.of(
            // joined live for 40 minutes, 9 of 10 pupils present
            session(A, Subject.MATHS, "2026-09-07", false, true, 9, 10, true, 40 * 60),
            // a register alone: 8 of 10, counts its 45 booked minutes
            session(A, Subject.MATHS, "2026-09-09", false, true, 8, 10, false, 0),
            // register taken, nobody there, no connection: not held
            session(A, Subject.ENGLISH, "2026-09-10", false, true, 0, 10, false, 0),
            // no register, no connection: not held
            session(B, Subject.ENGLISH, "2026-09-15", false, true, 0, 0, false, 0),
            session(B, Subject.ENGLISH, "2026-12-15", false, false, 0, 0, false, 0),
            session(B, Subject.MUSIC, "2026-09-16", true, true, 0, 0, false, 0));
    Evidence.Term t =
        Evidence.Term.compute(
            TERM,
            sessions,
            Map.of(A, SCHOOL, B, SCHOOL),
            new CoverageSources.Pupils(Map.of(A, 10, B, 5), Map.of()),
            List.of());
    Evidence.Tally all = t.total();
    assertThat(all.held()).isEqualTo(2);
    assertThat(all.notHeld()).isEqualTo(2);
    assertThat(all.upcoming()).isEqualTo(1);
    assertThat(all.cancelled()).isEqualTo(1);
    assertThat(all.booked()).isEqualTo(5);
    assertThat(all.classroomRate()).contains(0.5);
    assertThat(all.pupilRate()).contains(Evidence.ratio(17, 30));
    assertThat(all.liveMinutes()).isEqualTo(40 + 45);
    assertThat(t.bySubject().get(Subject.MATHS).liveMinutes()).isEqualTo(85);
    assertThat(t.bySubject().get(Subject.ENGLISH).held()).isZero();
    assertThat(t.byWeek().get(LocalDate.parse("2026-09-07")).held()).isEqualTo(2);
    assertThat(t.byWeek().get(LocalDate.parse("2026-09-14")).notHeld()).isEqualTo(1);
    assertThat(t.byClass().get(B).classroomRate()).contains(0.0);
  }

  @Test
  @DisplayName(
      "playback per pupil: a resource counts once per pupil, minutes add up, and per pupil divides by the pupils enrolled")
  void watching() {
    UUID lesson = UUID.randomUUID();
    UUID experiment = UUID.randomUUID();
    List<CoverageSources.PupilDay> days =
        List.of(
            new CoverageSources.PupilDay(
                SCHOOL, "p1", LocalDate.parse("2026-09-08"), lesson, false, 600),
            new CoverageSources.PupilDay(
                SCHOOL, "p1", LocalDate.parse("2026-09-09"), lesson, false, 300),
            new CoverageSources.PupilDay(
                SCHOOL, "p2", LocalDate.parse("2026-09-09"), experiment, true, 300));
    Evidence.Term t =
        Evidence.Term.compute(
            TERM,
            List.of(),
            Map.of(A, SCHOOL, B, SCHOOL),
            // p1 is a pupil of A; p2 of no class (their days count for the school only)
            new CoverageSources.Pupils(Map.of(A, 10, B, 5), Map.of("p1", A)),
            days);
    Evidence.Watching w = t.watching();
    assertThat(w.enrolled()).isEqualTo(15);
    assertThat(w.active()).isEqualTo(2);
    assertThat(w.lessonsOpened()).isEqualTo(1);
    assertThat(w.experimentsOpened()).isEqualTo(1);
    assertThat(w.minutes()).isEqualTo(20);
    assertThat(w.toJson().getDouble("minutesPerPupil")).isEqualTo(Evidence.ratio(20, 15));
    assertThat(t.watchedSecondsByWeek().get(LocalDate.parse("2026-09-07"))).isEqualTo(1200L);
    assertThat(Evidence.Watching.NONE.perPupil(3)).isEqualTo(Optional.empty());
    // per class: p1's days are class A's; p2 is in no class and counts for the school only
    Evidence.Watching a = t.watchingByClass().get(A);
    assertThat(a.enrolled()).isEqualTo(10);
    assertThat(a.active()).isEqualTo(1);
    assertThat(a.minutes()).isEqualTo(15);
    assertThat(a.experimentsOpened()).isZero();
    assertThat(t.watchingByClass().get(B).active()).isZero();
    assertThat(t.watchingByClass().get(B).enrolled()).isEqualTo(5);
  }

  @Test
  @DisplayName("the trend: differences against the previous term, rates in points")
  void trend() {
    Evidence.Term now =
        Evidence.Term.compute(
            TERM,
            List.of(session(A, Subject.MATHS, "2026-09-07", false, true, 9, 10, true, 2700)),
            Map.of(A, SCHOOL),
            new CoverageSources.Pupils(Map.of(A, 10), Map.of()),
            List.of());
    Evidence.Term before =
        Evidence.Term.compute(
            TERM,
            List.of(
                session(A, Subject.MATHS, "2026-03-02", false, true, 5, 10, true, 1800),
                session(A, Subject.MATHS, "2026-03-04", false, true, 0, 0, false, 0)),
            Map.of(A, SCHOOL),
            new CoverageSources.Pupils(Map.of(A, 10), Map.of()),
            List.of());
    var trend = Evidence.trend(now, before);
    assertThat(trend.getInteger("held")).isZero();
    assertThat(trend.getDouble("classroomAttendance")).isEqualTo(0.5);
    assertThat(trend.getDouble("pupilAttendance")).isEqualTo(0.4);
    assertThat(trend.getLong("liveMinutes")).isEqualTo(15L);
  }
}
