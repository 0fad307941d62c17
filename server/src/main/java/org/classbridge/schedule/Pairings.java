package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.audit.AuditLog;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Validation;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Pairings (结对): coordinators set them up per subject and term; both sides see who they are paired
 * with; a booking starts from one.
 */
public final class Pairings {
  private final Database db;
  private final ScheduleStore store;
  private final TermCalendar terms;
  private final ParticipantRules rules;
  private final Naming naming;
  private final ScheduleDirectory directory;
  private final AuditLog audit;
  private final Clock clock;

  Pairings(
      Database db,
      ScheduleStore store,
      TermCalendar terms,
      ParticipantRules rules,
      Naming naming,
      ScheduleDirectory directory,
      AuditLog audit,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.terms = terms;
    this.rules = rules;
    this.naming = naming;
    this.directory = directory;
    this.audit = audit;
    this.clock = clock;
  }

  private static final Set<String> FIELDS =
      Set.of("termId", "subject", "teacherId", "mainClassroomId", "mainClassId", "receivers");

  public Future<Pairing> create(Principal actor, JsonObject body) {
    Validation v = new Validation();
    BodyReader r = new BodyReader(body, v);
    r.only(FIELDS);
    UUID termId = r.uuid("termId");
    Subject subject =
        v.oneOf("subject", body.getValue("subject") instanceof String s ? s : null, Subject.class);
    Participants who = ParticipantRules.read(r);
    v.orThrow();
    return terms
        .termFor(actor, termId)
        .recover(
            e ->
                Future.failedFuture(
                    Problem.validation(
                        List.of(new Problem.FieldError("termId", "unknown-term", "no such term")))))
        .compose(
            term -> {
              GroupRules.requireManage(actor, term.groupId(), "term", termId);
              return rules
                  .check(term.groupId(), who)
                  .compose(
                      checked -> {
                        Pairing p =
                            new Pairing(
                                UUID.randomUUID(),
                                term.groupId(),
                                termId,
                                subject,
                                who,
                                Tx.now(clock),
                                Optional.empty(),
                                0);
                        return db.transaction(
                            c -> {
                              store.insertPairing(c, p);
                              audit.record(
                                  c,
                                  actor,
                                  "pairing.created",
                                  "pairing",
                                  p.id(),
                                  p.groupId(),
                                  new JsonObject().put("subject", Wire.id(subject)));
                              return p;
                            });
                      });
            });
  }

  /** A pairing the viewer may see: staff of its group. */
  public Future<Pairing> pairing(Principal viewer, UUID id) {
    return db.read(
        c ->
            store
                .pairing(c, id)
                .filter(p -> GroupRules.canReadTimetable(viewer, p.groupId()))
                .orElseThrow(() -> Problem.notFound("pairing-not-found", "no pairing " + id)));
  }

  /** Retires a pairing; sessions booked from it stay. */
  public Future<Void> retire(Principal actor, UUID id) {
    return db.transaction(
        c -> {
          Pairing p =
              store
                  .pairing(c, id)
                  .filter(x -> GroupRules.canRead(actor, x.groupId()))
                  .orElseThrow(() -> Problem.notFound("pairing-not-found", "no pairing " + id));
          GroupRules.requireManage(actor, p.groupId(), "pairing", id);
          if (store.retirePairing(c, id, Tx.now(clock)) == 1) {
            audit.record(c, actor, "pairing.retired", "pairing", id, p.groupId(), new JsonObject());
          }
          return null;
        });
  }

  /** The active pairings of a group (staff of the group), optionally of one term. */
  public Future<List<Pairing>> ofGroup(Principal viewer, UUID groupId, Optional<UUID> termId) {
    if (!GroupRules.canReadTimetable(viewer, groupId)) {
      return Future.succeededFuture(List.of());
    }
    return db.read(c -> store.pairingsOfGroup(c, groupId, termId));
  }

  /**
   * The pairings someone is part of: a main teacher's, an assistant's, and those of the classes
   * they belong to, so a rural teacher sees the famous teacher they are paired with, and the other
   * way round.
   */
  public Future<List<Pairing>> mine(Principal viewer) {
    if (viewer.role() == Role.ADMIN) {
      return Future.succeededFuture(List.of());
    }
    return directory
        .classesOf(viewer.userId())
        .compose(classes -> db.read(c -> store.pairingsInvolving(c, viewer.userId(), classes)));
  }

  /** Pairings with their partners' names. */
  public Future<List<JsonObject>> describe(List<Pairing> pairings) {
    List<Participants> all = new ArrayList<>();
    pairings.forEach(p -> all.add(p.participants()));
    return naming
        .of(all)
        .map(
            names ->
                pairings.stream()
                    .map(
                        p ->
                            names
                                .participants(p.participants())
                                .put("id", p.id().toString())
                                .put("groupId", p.groupId().toString())
                                .put("termId", p.termId().toString())
                                .put("subject", Wire.id(p.subject()))
                                .put("retired", p.retiredAt().isPresent())
                                .put("version", p.version()))
                    .toList());
  }
}
