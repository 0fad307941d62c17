package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Puts names on ids: a timetable screen shows "王明 老师, 主讲教室 A201 -> 玉树 八年级（1）班", not six UUIDs. One
 * batched lookup per kind for a whole screen, never one per session.
 */
final class Naming {
  private final ScheduleDirectory directory;

  Naming(ScheduleDirectory directory) {
    this.directory = directory;
  }

  record Names(
      Map<UUID, ScheduleDirectory.Room> rooms,
      Map<UUID, ScheduleDirectory.Klass> classes,
      Map<UUID, ScheduleDirectory.Person> people,
      Map<UUID, ScheduleDirectory.SchoolInfo> schools) {

    /** The schools a session touches: the main classroom's first, then the receivers'. */
    List<UUID> schoolsOf(Participants p) {
      java.util.LinkedHashSet<UUID> out = new java.util.LinkedHashSet<>();
      Optional.ofNullable(rooms.get(p.mainClassroomId())).ifPresent(r -> out.add(r.schoolId()));
      for (Receiver r : p.receivers()) {
        Optional.ofNullable(rooms.get(r.classroomId())).ifPresent(x -> out.add(x.schoolId()));
      }
      return List.copyOf(out);
    }

    JsonObject person(UUID id) {
      ScheduleDirectory.Person p = people.get(id);
      return new JsonObject()
          .put("id", id.toString())
          .put("displayName", p == null ? null : p.displayName());
    }

    JsonObject room(UUID id) {
      ScheduleDirectory.Room r = rooms.get(id);
      JsonObject out = new JsonObject().put("id", id.toString());
      if (r != null) {
        out.put("name", r.name())
            .put("nameBo", r.nameBo().orElse(null))
            .put("schoolId", r.schoolId().toString())
            .put("schoolName", school(r.schoolId()))
            .put("listenOnly", r.listenOnly())
            .put("uplinkKbps", r.uplinkKbps().orElse(null));
      }
      return out;
    }

    JsonObject klass(UUID id) {
      ScheduleDirectory.Klass k = classes.get(id);
      JsonObject out = new JsonObject().put("id", id.toString());
      if (k != null) {
        out.put("name", k.name())
            .put("nameBo", k.nameBo().orElse(null))
            .put("grade", k.grade())
            .put("schoolId", k.schoolId().toString())
            .put("schoolName", school(k.schoolId()));
      }
      return out;
    }

    String school(UUID id) {
      ScheduleDirectory.SchoolInfo s = schools.get(id);
      return s == null ? null : s.name();
    }

    /** The participants with their names, as every timetable answer writes them. */
    JsonObject participants(Participants p) {
      JsonArray receivers = new JsonArray();
      for (Receiver r : p.receivers()) {
        receivers.add(
            new JsonObject()
                .put("classroom", room(r.classroomId()))
                .put("class", klass(r.classId()))
                .put("assistant", r.assistantId().map(this::person).orElse(null)));
      }
      return new JsonObject()
          .put("teacher", person(p.teacherId()))
          .put("mainClassroom", room(p.mainClassroomId()))
          .put("mainClass", p.mainClassId().map(this::klass).orElse(null))
          .put("receivers", receivers)
          .put("colleagues", new JsonArray(p.colleagues().stream().map(this::person).toList()));
    }
  }

  Future<Names> of(Collection<Participants> all) {
    Set<UUID> rooms = new HashSet<>();
    Set<UUID> classes = new HashSet<>();
    Set<UUID> people = new HashSet<>();
    for (Participants p : all) {
      people.add(p.teacherId());
      rooms.add(p.mainClassroomId());
      p.mainClassId().ifPresent(classes::add);
      for (Receiver r : p.receivers()) {
        rooms.add(r.classroomId());
        classes.add(r.classId());
        r.assistantId().ifPresent(people::add);
      }
      people.addAll(p.colleagues());
    }
    Future<Map<UUID, ScheduleDirectory.Room>> r = directory.rooms(rooms);
    Future<Map<UUID, ScheduleDirectory.Klass>> k = directory.classes(classes);
    Future<Map<UUID, ScheduleDirectory.Person>> p = directory.people(people);
    return Future.all(r, k, p)
        .compose(
            done -> {
              Set<UUID> schools = new HashSet<>();
              r.result().values().forEach(x -> schools.add(x.schoolId()));
              k.result().values().forEach(x -> schools.add(x.schoolId()));
              return directory
                  .schools(schools)
                  .map(s -> new Names(r.result(), k.result(), p.result(), s));
            });
  }
}
