package org.classbridge.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.audit.AuditLog;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountAdmin;
import org.classbridge.catalogue.Playback;
import org.classbridge.common.Problem;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.School;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.identity.Principal;
import org.classbridge.schedule.AttendanceRegister;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Everything kept about one pupil, and erasing a pupil who left. What is kept (SECURITY.md): the
 * account (username, display name, school, language; never ID or phone numbers), class memberships,
 * attendance marks, viewing under a pseudonym, and audit entries. Erasure keeps what the schools'
 * figures need without anything that leads back to the pupil: the marks move to an anonymous
 * stand-in account, the viewing to a fresh random pseudonym, the audit entries lose their values;
 * the memberships and the account itself go.
 */
final class PupilData {
  private final Database db;
  private final AccountAdmin accounts;
  private final SchoolDirectory schools;
  private final ClassRoster roster;
  private final AttendanceRegister attendance;
  private final Playback playback;
  private final AuditLog audit;
  private final Clock clock;

  PupilData(
      Database db,
      AccountAdmin accounts,
      SchoolDirectory schools,
      ClassRoster roster,
      AttendanceRegister attendance,
      Playback playback,
      AuditLog audit,
      Clock clock) {
    this.db = db;
    this.accounts = accounts;
    this.schools = schools;
    this.roster = roster;
    this.attendance = attendance;
    this.playback = playback;
    this.audit = audit;
    this.clock = clock;
  }

  private Future<Optional<School>> schoolOf(Account pupil) {
    return pupil.schoolId().isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : schools
            .schoolsById(List.of(pupil.schoolId().get()))
            .map(m -> Optional.ofNullable(m.get(pupil.schoolId().get())));
  }

  Future<JsonObject> export(Principal admin, UUID id) {
    return accounts
        .pupil(admin, id)
        .compose(
            pupil -> {
              Future<Optional<School>> school = schoolOf(pupil);
              var classes = schools.classesOf(pupil.id());
              Future<List<JsonObject>> marks = attendance.marksOf(pupil.id());
              Future<JsonObject> viewing = playback.exportOf(pupil.id());
              Future<List<AuditLog.Event>> events = db.read(tx -> audit.concerning(tx, pupil.id()));
              return Future.all(school, classes, marks, viewing, events)
                  .map(
                      all ->
                          new JsonObject()
                              .put("exportedAt", clock.instant().toString())
                              .put("account", pupil.toJson())
                              .put(
                                  "school",
                                  school
                                      .result()
                                      .map(
                                          s ->
                                              new JsonObject()
                                                  .put("id", s.id().toString())
                                                  .put("name", s.name()))
                                      .orElse(null))
                              .put(
                                  "classes",
                                  new JsonArray(
                                      classes.result().stream()
                                          .map(
                                              k ->
                                                  new JsonObject()
                                                      .put("id", k.id().toString())
                                                      .put("name", k.name())
                                                      .put("grade", k.grade()))
                                          .toList()))
                              .put("attendance", new JsonArray(marks.result()))
                              .put("viewing", viewing.result())
                              .put(
                                  "audit",
                                  new JsonArray(
                                      events.result().stream()
                                          .map(AuditLog.Event::toJson)
                                          .toList())));
            });
  }

  /**
   * Erases a pupil who left. The body names the pupil's username again ({@code {"username": ...}}),
   * so a mistyped id erases nobody.
   */
  Future<JsonObject> erase(Principal admin, UUID id, JsonObject body) {
    for (String f : body.fieldNames()) {
      if (!f.equals("username")) {
        throw Problem.validation(
            List.of(new Problem.FieldError(f, "unknown-field", "only username is read")));
      }
    }
    String confirm = body.getValue("username") instanceof String s ? s.strip() : "";
    return accounts
        .pupil(admin, id)
        .compose(
            pupil -> {
              if (!pupil.username().equalsIgnoreCase(confirm)) {
                throw Problem.validation(
                    List.of(
                        new Problem.FieldError(
                            "username", "confirm-mismatch", "repeat the pupil's username")));
              }
              return schoolOf(pupil)
                  .compose(
                      school ->
                          db.transaction(
                              tx -> {
                                erase(tx, admin, pupil, school.map(School::groupId).orElse(null));
                                return new JsonObject().put("erased", pupil.username());
                              }));
            });
  }

  private void erase(Tx tx, Principal admin, Account pupil, UUID groupId)
      throws java.sql.SQLException {
    UUID standIn = accounts.standIn(tx, pupil, Tx.now(clock));
    attendance.reassign(tx, pupil.id(), standIn);
    playback.pseudonymise(tx, pupil.id());
    roster.leaveClassesOutside(tx, pupil.id(), null);
    audit.scrub(tx, pupil.id(), standIn, List.of(pupil.username(), pupil.displayName()));
    accounts.remove(tx, pupil);
    // the erasure itself is on record, naming only the stand-in
    audit.record(tx, admin, "account.erased", "account", standIn, groupId, new JsonObject());
  }
}
