package org.classbridge.app;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountService;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.Classroom;
import org.classbridge.directory.ClassroomKind;
import org.classbridge.directory.Reception;
import org.classbridge.directory.School;
import org.classbridge.directory.SchoolClass;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.identity.Role;
import org.classbridge.schedule.ScheduleDirectory;

/**
 * The schedule's view of the directory and accounts, made of their public services: the one place
 * that knows both sides, so neither feature imports the other.
 */
final class DirectoryForSchedule implements ScheduleDirectory {
  private final SchoolDirectory directory;
  private final ClassRoster roster;
  private final AccountService accounts;

  DirectoryForSchedule(SchoolDirectory directory, ClassRoster roster, AccountService accounts) {
    this.directory = directory;
    this.roster = roster;
    this.accounts = accounts;
  }

  private static <T> Future<Map<UUID, T>> none() {
    return Future.succeededFuture(Map.of());
  }

  @Override
  public Future<Map<UUID, Room>> rooms(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return none();
    }
    return directory
        .classroomsById(ids)
        .compose(
            rooms ->
                directory
                    .schoolsById(rooms.values().stream().map(Classroom::schoolId).toList())
                    .map(
                        schools -> {
                          Map<UUID, Room> out = new HashMap<>();
                          for (Classroom r : rooms.values()) {
                            School s = schools.get(r.schoolId());
                            out.put(
                                r.id(),
                                new Room(
                                    r.id(),
                                    r.schoolId(),
                                    s.groupId(),
                                    r.name(),
                                    r.nameBo(),
                                    r.kind() == ClassroomKind.MAIN,
                                    r.capacity(),
                                    r.retiredAt().isPresent(),
                                    r.reception().equals(Optional.of(Reception.LISTEN_ONLY)),
                                    r.uplinkKbps(),
                                    s.recordPupils()));
                          }
                          return out;
                        }));
  }

  @Override
  public Future<Map<UUID, Klass>> classes(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return none();
    }
    return directory
        .classesById(ids)
        .compose(
            classes ->
                directory
                    .schoolsById(classes.values().stream().map(SchoolClass::schoolId).toList())
                    .map(
                        schools -> {
                          Map<UUID, Klass> out = new HashMap<>();
                          for (SchoolClass k : classes.values()) {
                            out.put(
                                k.id(),
                                new Klass(
                                    k.id(),
                                    k.schoolId(),
                                    schools.get(k.schoolId()).groupId(),
                                    k.name(),
                                    k.nameBo(),
                                    k.grade(),
                                    k.retiredAt().isPresent()));
                          }
                          return out;
                        }));
  }

  @Override
  public Future<Map<UUID, Person>> people(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return none();
    }
    return accounts
        .findAll(List.copyOf(ids))
        .compose(
            found -> {
              Set<UUID> schools = new HashSet<>();
              found.forEach(a -> a.schoolId().ifPresent(schools::add));
              return directory
                  .schoolsById(schools)
                  .map(
                      bySchool -> {
                        Map<UUID, Person> out = new HashMap<>();
                        for (Account a : found) {
                          out.put(a.id(), person(a, bySchool));
                        }
                        return out;
                      });
            });
  }

  private static Person person(Account a, Map<UUID, School> schools) {
    return new Person(
        a.id(),
        a.displayName(),
        a.role(),
        a.schoolId(),
        a.schoolId().map(schools::get).map(School::groupId),
        a.active());
  }

  @Override
  public Future<Map<UUID, SchoolInfo>> schools(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return none();
    }
    return directory
        .schoolsById(ids)
        .map(
            found -> {
              Map<UUID, SchoolInfo> out = new HashMap<>();
              found.values().forEach(s -> out.put(s.id(), info(s)));
              return out;
            });
  }

  private static SchoolInfo info(School s) {
    return new SchoolInfo(s.id(), s.groupId(), s.name(), s.nameBo());
  }

  @Override
  public Future<List<SchoolInfo>> schoolsOfGroup(UUID groupId) {
    return directory
        .schoolsOfGroup(groupId)
        .compose(ids -> directory.schoolsById(ids))
        .map(m -> m.values().stream().map(DirectoryForSchedule::info).toList());
  }

  @Override
  public Future<List<UUID>> roomsAndClassesOf(UUID schoolId) {
    Future<List<Classroom>> rooms = directory.classrooms(SchoolDirectory.PLATFORM, schoolId, true);
    Future<List<SchoolClass>> classes = directory.classes(SchoolDirectory.PLATFORM, schoolId, true);
    return Future.all(rooms, classes)
        .map(
            all -> {
              List<UUID> out = new ArrayList<>();
              rooms.result().forEach(r -> out.add(r.id()));
              classes.result().forEach(k -> out.add(k.id()));
              return out;
            })
        .recover(e -> Future.succeededFuture(List.of()));
  }

  @Override
  public Future<List<UUID>> classesOf(UUID userId) {
    return directory.classesOf(userId).map(l -> l.stream().map(k -> k.id()).toList());
  }

  @Override
  public Future<List<Person>> students(UUID classId) {
    return roster
        .members(SchoolDirectory.PLATFORM, classId)
        .compose(
            members -> {
              List<Account> pupils =
                  members.stream().filter(a -> a.role() == Role.STUDENT && a.active()).toList();
              Set<UUID> schools = new HashSet<>();
              pupils.forEach(a -> a.schoolId().ifPresent(schools::add));
              return directory
                  .schoolsById(schools)
                  .map(m -> pupils.stream().map(a -> person(a, m)).toList());
            });
  }
}
