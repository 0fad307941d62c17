package org.classbridge.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.junit.jupiter.api.Test;

/** The coverage arithmetic on a small term worked out by hand. */
class CoverageMatrixTest {
  static final UUID GROUP = UUID.randomUUID();

  /** Mon 2026-09-07 to Fri 2026-10-16: six weeks, the National Day week off, one make-up Sunday. */
  static final CoverageSources.TermInfo TERM =
      new CoverageSources.TermInfo(
          UUID.randomUUID(),
          GROUP,
          "秋季学期",
          LocalDate.of(2026, 9, 7),
          LocalDate.of(2026, 10, 16),
          Set.of(
              LocalDate.of(2026, 10, 1),
              LocalDate.of(2026, 10, 2),
              LocalDate.of(2026, 9, 28),
              LocalDate.of(2026, 9, 29),
              LocalDate.of(2026, 9, 30)),
          Map.of(LocalDate.of(2026, 9, 27), DayOfWeek.MONDAY));

  @Test
  void teachingWeeksCountWeeksWithATeachingDay() {
    // 7 Sep .. 16 Oct spans six Monday-weeks; the holiday week (28 Sep - 2 Oct) is wholly off,
    // but its Sunday 27 Sep is a make-up day and belongs to the week before (Mon 21 Sep)
    assertThat(CoverageMatrix.teachingWeeks(TERM)).isEqualTo(5);
    assertThat(CoverageMatrix.teaching(TERM, LocalDate.of(2026, 9, 27))).isTrue();
    assertThat(CoverageMatrix.teaching(TERM, LocalDate.of(2026, 10, 1))).isFalse();
  }

  @Test
  void requiredLessLocalLessDeliveredIsTheGap() {
    CurriculumPlan plan = CurriculumPlan.national();
    CoverageSources.ClassInfo k =
        new CoverageSources.ClassInfo(
            UUID.randomUUID(), UUID.randomUUID(), "八年级（1）班", Optional.empty(), 8, true);
    LocalDate d = LocalDate.of(2026, 9, 8);
    List<CoverageSources.Delivered> sessions =
        List.of(
            new CoverageSources.Delivered(k.id(), Subject.ENGLISH, d, false, true, true),
            new CoverageSources.Delivered(k.id(), Subject.ENGLISH, d, false, true, false),
            new CoverageSources.Delivered(k.id(), Subject.ENGLISH, d, false, false, false),
            new CoverageSources.Delivered(k.id(), Subject.ENGLISH, d, true, false, false),
            new CoverageSources.Delivered(k.id(), Subject.MUSIC, d, false, true, true));
    Map<Subject, CoverageMatrix.Cell> row =
        CoverageMatrix.compute(
                TERM,
                plan,
                List.of(k),
                Map.of(k.id(), Map.of(Subject.ENGLISH, 2, Subject.TIBETAN, 4)),
                sessions)
            .get(k.id());
    // English: 4 a week × 5 weeks = 20; local 2 × 5 = 10; held 1, upcoming 1 -> gap 8
    assertThat(row.get(Subject.ENGLISH)).isEqualTo(new CoverageMatrix.Cell(20, 10, 1, 1, 1, 1, 8));
    assertThat(row.get(Subject.ENGLISH).state()).isEqualTo("partial");
    // Tibetan-medium: 藏语文 4 a week required, all local
    assertThat(row.get(Subject.TIBETAN).state()).isEqualTo("covered");
    // music: 1 a week, nothing local, one held: partial with 4 left
    assertThat(row.get(Subject.MUSIC).gap()).isEqualTo(4);
    // information technology: required, nothing at all
    assertThat(row.get(Subject.INFORMATION_TECHNOLOGY).state()).isEqualTo("gap");
    // science is not taught in grade 8 and appears nowhere
    assertThat(row).doesNotContainKey(Subject.SCIENCE);
  }

  @Test
  void aPlanIsCheckedAsAWhole() {
    assertThatThrownBy(
            () ->
                CurriculumPlan.parse(
                    new JsonObject().put("grades", new JsonObject().put("13", new JsonObject())),
                    ""))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("1 to 12");
    JsonObject tooMany = new JsonObject();
    for (Subject s : Subject.values()) {
      tooMany.put(org.classbridge.common.Wire.id(s), 3);
    }
    assertThatThrownBy(
            () ->
                CurriculumPlan.parse(
                    new JsonObject().put("grades", new JsonObject().put("7", tooMany)), ""))
        .hasMessageContaining("at most 45");
    CurriculumPlan national = CurriculumPlan.national();
    assertThat(CurriculumPlan.parse(national.toJson(), national.source())).isEqualTo(national);
  }
}
