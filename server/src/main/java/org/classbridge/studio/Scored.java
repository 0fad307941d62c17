package org.classbridge.studio;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.classbridge.common.Problem;

/**
 * The rubric part of an observation note or a critique: an optional criterion, and a 1–5 score that
 * only comes with one. One reading for both, so they refuse the same mistakes alike.
 */
record Scored(Optional<String> criterion, Optional<Integer> score) {
  /**
   * Reads {@code criterion} and {@code score} of a body, adding what is wrong to {@code errors}.
   */
  static Scored read(JsonObject body, List<Problem.FieldError> errors) {
    Optional<String> criterion = Optional.empty();
    if (body.containsKey("criterion")) {
      if (body.getValue("criterion") instanceof String k && Studios.CRITERIA.contains(k)) {
        criterion = Optional.of(k);
      } else {
        errors.add(
            new Problem.FieldError("criterion", "bad-criterion", "one of " + Studios.CRITERIA));
      }
    }
    Optional<Integer> score = Optional.empty();
    if (body.containsKey("score")) {
      if (body.getValue("score") instanceof Integer n
          && n >= 1
          && n <= 5
          && criterion.isPresent()) {
        score = Optional.of(n);
      } else {
        errors.add(new Problem.FieldError("score", "bad-score", "1 to 5, with a criterion"));
      }
    }
    return new Scored(criterion, score);
  }

  /** Refuses a criterion outside the rubric the author and the teacher share. */
  void requireIn(List<String> rubric) {
    if (criterion.isPresent() && !rubric.contains(criterion.get())) {
      throw Problem.validation(
          List.of(
              new Problem.FieldError(
                  "criterion", "not-in-rubric", "the studio's rubric is " + rubric)));
    }
  }
}
