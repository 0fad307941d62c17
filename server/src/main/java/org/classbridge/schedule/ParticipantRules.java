package org.classbridge.schedule;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Validation;
import org.classbridge.identity.Role;

/**
 * Checks that a session's or pairing's participants exist, belong to the booking's group, are in
 * service and fit their part: a teacher of the group teaches, from a main classroom; each receiving
 * classroom has a class of its own school and, optionally, an assistant of that school. An id of
 * another group reads as unknown, as it does everywhere else.
 */
final class ParticipantRules {
  /** Receiving classrooms per session: a mesh carries 3, Jitsi many more; 12 is a lot of rooms. */
  static final int MAX_RECEIVERS = 12;

  /**
   * Colleagues in one research session: a studio's members, gathered in one Jitsi conference when
   * they are more than the mesh carries.
   */
  static final int MAX_COLLEAGUES = 30;

  private final ScheduleDirectory directory;

  ParticipantRules(ScheduleDirectory directory) {
    this.directory = directory;
  }

  /** The checked participants and the school whose bell times the session follows. */
  record Checked(Participants participants, UUID mainSchoolId) {}

  /** Reads {teacherId, mainClassroomId, mainClassId?, receivers[...]} from a request. */
  static Participants read(BodyReader r) {
    UUID teacher = r.uuid("teacherId");
    UUID room = r.uuid("mainClassroomId");
    Optional<UUID> klass = r.optUuid("mainClassId");
    List<Receiver> receivers = new ArrayList<>();
    for (BodyReader x : r.objects("receivers", 1, MAX_RECEIVERS)) {
      x.only(Set.of("classroomId", "classId", "assistantId"));
      UUID xr = x.uuid("classroomId");
      UUID xk = x.uuid("classId");
      Optional<UUID> xa = x.optUuid("assistantId");
      if (xr != null && xk != null) {
        receivers.add(new Receiver(xr, xk, xa));
      }
    }
    if (teacher == null || room == null) {
      r.validation().orThrow();
    }
    return new Participants(teacher, room, klass, receivers);
  }

  Future<Checked> check(UUID groupId, Participants p) {
    Set<UUID> roomIds = new HashSet<>();
    Set<UUID> classIds = new HashSet<>();
    Set<UUID> personIds = new HashSet<>();
    roomIds.add(p.mainClassroomId());
    p.mainClassId().ifPresent(classIds::add);
    personIds.add(p.teacherId());
    for (Receiver r : p.receivers()) {
      roomIds.add(r.classroomId());
      classIds.add(r.classId());
      r.assistantId().ifPresent(personIds::add);
    }
    personIds.addAll(p.colleagues());
    Future<Map<UUID, ScheduleDirectory.Room>> rooms = directory.rooms(roomIds);
    Future<Map<UUID, ScheduleDirectory.Klass>> classes = directory.classes(classIds);
    Future<Map<UUID, ScheduleDirectory.Person>> people = directory.people(personIds);
    return Future.all(rooms, classes, people)
        .map(all -> judge(groupId, p, rooms.result(), classes.result(), people.result()));
  }

  private static Checked judge(
      UUID groupId,
      Participants p,
      Map<UUID, ScheduleDirectory.Room> rooms,
      Map<UUID, ScheduleDirectory.Klass> classes,
      Map<UUID, ScheduleDirectory.Person> people) {
    Validation v = new Validation();
    Set<UUID> named = new HashSet<>();
    ScheduleDirectory.Person teacher = people.get(p.teacherId());
    if (teacher == null || !teacher.groupId().equals(Optional.of(groupId))) {
      v.error("teacherId", "unknown-teacher", "no teacher of this group has this id");
    } else if (teacher.role() != Role.TEACHER) {
      v.error("teacherId", "not-a-teacher", "is not a teacher's account");
    } else if (!teacher.active()) {
      v.error("teacherId", "deactivated", "this account is deactivated");
    }
    named.add(p.teacherId());
    ScheduleDirectory.Room main = rooms.get(p.mainClassroomId());
    if (main == null || !main.groupId().equals(groupId)) {
      v.error("mainClassroomId", "unknown-classroom", "no classroom of this group has this id");
    } else if (!main.main()) {
      v.error("mainClassroomId", "not-a-main-classroom", "is a receiving classroom");
    } else if (main.retired()) {
      v.error("mainClassroomId", "retired", "this classroom is retired");
    }
    named.add(p.mainClassroomId());
    if (p.mainClassId().isPresent()) {
      ScheduleDirectory.Klass k = classes.get(p.mainClassId().get());
      if (k == null || !k.groupId().equals(groupId)) {
        v.error("mainClassId", "unknown-class", "no class of this group has this id");
      } else if (k.retired()) {
        v.error("mainClassId", "retired", "this class is retired");
      }
      named.add(p.mainClassId().get());
    }
    for (int i = 0; i < p.receivers().size(); i++) {
      Receiver r = p.receivers().get(i);
      String at = "receivers[" + i + "].";
      ScheduleDirectory.Room room = rooms.get(r.classroomId());
      ScheduleDirectory.Klass k = classes.get(r.classId());
      if (!named.add(r.classroomId())) {
        v.error(at + "classroomId", "duplicate", "this classroom is already part of the session");
      } else if (room == null || !room.groupId().equals(groupId)) {
        v.error(at + "classroomId", "unknown-classroom", "no classroom of this group has this id");
      } else if (room.main()) {
        v.error(at + "classroomId", "not-a-receiving-classroom", "is a main classroom");
      } else if (room.retired()) {
        v.error(at + "classroomId", "retired", "this classroom is retired");
      }
      if (!named.add(r.classId())) {
        v.error(at + "classId", "duplicate", "this class is already part of the session");
      } else if (k == null || !k.groupId().equals(groupId)) {
        v.error(at + "classId", "unknown-class", "no class of this group has this id");
      } else if (k.retired()) {
        v.error(at + "classId", "retired", "this class is retired");
      } else if (room != null && !room.schoolId().equals(k.schoolId())) {
        v.error(at + "classId", "other-school", "the class is not of the classroom's school");
      }
      if (r.assistantId().isPresent()) {
        UUID a = r.assistantId().get();
        ScheduleDirectory.Person person = people.get(a);
        if (!named.add(a)) {
          v.error(at + "assistantId", "duplicate", "already part of the session");
        } else if (person == null || !person.groupId().equals(Optional.of(groupId))) {
          v.error(at + "assistantId", "unknown-assistant", "no teacher of this group has this id");
        } else if (person.role() != Role.TEACHER || !person.active()) {
          v.error(at + "assistantId", "not-a-teacher", "an assistant is an active teacher");
        } else if (room != null && !person.schoolId().equals(Optional.of(room.schoolId()))) {
          v.error(
              at + "assistantId", "other-school", "an assistant works at the classroom's school");
        }
      }
    }
    for (int i = 0; i < p.colleagues().size(); i++) {
      UUID t = p.colleagues().get(i);
      String at = "colleagues[" + i + "]";
      ScheduleDirectory.Person person = people.get(t);
      if (!named.add(t)) {
        v.error(at, "duplicate", "already part of the session");
      } else if (person == null || !person.groupId().equals(Optional.of(groupId))) {
        v.error(at, "unknown-teacher", "no teacher of this group has this id");
      } else if (person.role() != Role.TEACHER || !person.active()) {
        v.error(at, "not-a-teacher", "a colleague is an active teacher");
      }
    }
    v.orThrow();
    return new Checked(p, main.schoolId());
  }
}
