package org.classbridge.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;

/**
 * Who may be in a session's live room, and when. Pure rules over a session and a caller; the bridge
 * and the join route both ask here, so they cannot disagree.
 */
final class LiveRules {
  private LiveRules() {}

  /**
   * The caller's seat, or empty when they have none. The session's teacher has the main classroom;
   * a receiving classroom belongs to its assistant and to the teachers of the class sitting in it;
   * the group's coordinators observe, and so do the teacher's colleagues in a studio (听课), silent
   * (observers send no media) and not in the class's roster. Pupils sit in the classrooms, so their
   * own accounts have no seat, nor have platform admins (no need to see minors on camera).
   *
   * @param classesTaught the classes the caller teaches
   * @param observes the teachers whose classes the caller may observe
   */
  static Optional<Seat> seatOf(
      Principal who,
      SessionAccess.LiveSession s,
      List<UUID> classesTaught,
      java.util.Set<UUID> observes) {
    if (who.passwordChangeOnly() || !who.canSeeGroup(s.groupId())) {
      return Optional.empty();
    }
    if (who.role() == Role.TEACHER) {
      if (who.userId().equals(s.teacherId())) {
        return Optional.of(
            new Seat(
                Seat.Part.MAIN,
                Seat.endpointFor(Seat.Part.MAIN, s.main().classroomId()),
                Optional.of(s.main().classroomId()),
                s.main().name()));
      }
      for (SessionAccess.ReceivingRoom r : s.receivers()) {
        if (r.assistantId().equals(Optional.of(who.userId()))
            || classesTaught.contains(r.classId())) {
          return Optional.of(receiver(r));
        }
      }
      for (SessionAccess.Colleague c : s.colleagues()) {
        if (c.userId().equals(who.userId())) {
          return Optional.of(colleague(c));
        }
      }
      if (observes.contains(s.teacherId())) {
        return Optional.of(observer(who));
      }
      return Optional.empty();
    }
    if (who.role() == Role.COORDINATOR && who.groupId().equals(Optional.of(s.groupId()))) {
      return Optional.of(observer(who));
    }
    return Optional.empty();
  }

  private static Seat observer(Principal who) {
    return new Seat(
        Seat.Part.OBSERVER,
        Seat.endpointFor(Seat.Part.OBSERVER, who.userId()),
        Optional.empty(),
        who.username());
  }

  static Seat receiver(SessionAccess.ReceivingRoom r) {
    return new Seat(
        Seat.Part.RECEIVER,
        Seat.endpointFor(Seat.Part.RECEIVER, r.room().classroomId()),
        Optional.of(r.room().classroomId()),
        r.room().schoolName() + " " + r.room().name());
  }

  /**
   * A colleague in a research session: a receiving seat of their own, without a classroom, so they
   * send and receive media as a receiving classroom does.
   */
  static Seat colleague(SessionAccess.Colleague c) {
    return new Seat(
        Seat.Part.RECEIVER,
        Seat.endpointFor(Seat.Part.RECEIVER, c.userId()),
        Optional.empty(),
        c.displayName());
  }

  /** The seat of one of the session's classrooms (a classroom device's), or empty. */
  static Optional<Seat> seatOfClassroom(SessionAccess.LiveSession s, UUID classroom) {
    if (s.main().classroomId().equals(classroom)) {
      return Optional.of(expected(s).get(0));
    }
    return s.receivers().stream()
        .filter(r -> r.room().classroomId().equals(classroom))
        .findFirst()
        .map(LiveRules::receiver);
  }

  /**
   * Whether a recording of the lesson may include this seat: the main classroom and teachers
   * (colleagues in a research session) always; a receiving classroom, with its pupils, only when
   * its school has said so (minors' data).
   */
  static boolean recorded(SessionAccess.LiveSession s, Seat seat) {
    if (seat.part() != Seat.Part.RECEIVER || seat.classroomId().isEmpty()) {
      return seat.part() != Seat.Part.OBSERVER;
    }
    return s.receivers().stream()
        .filter(r -> seat.classroomId().equals(Optional.of(r.room().classroomId())))
        .anyMatch(r -> r.room().recordPupils());
  }

  /** Why the room is closed at {@code now}, or empty when it is open. */
  static Optional<String> closed(SessionAccess.LiveSession s, Instant now, Duration earlyJoin) {
    if (!s.booked()) {
      return Optional.of("session-cancelled");
    }
    if (now.isBefore(s.startsAt().minus(earlyJoin))) {
      return Optional.of("session-not-open");
    }
    if (!now.isBefore(s.endsAt())) {
      return Optional.of("session-over");
    }
    return Optional.empty();
  }

  /** Every seat a session has, the main classroom first (the roster a page expects). */
  static List<Seat> expected(SessionAccess.LiveSession s) {
    java.util.ArrayList<Seat> out = new java.util.ArrayList<>();
    out.add(
        new Seat(
            Seat.Part.MAIN,
            Seat.endpointFor(Seat.Part.MAIN, s.main().classroomId()),
            Optional.of(s.main().classroomId()),
            s.main().name()));
    s.receivers().forEach(r -> out.add(receiver(r)));
    s.colleagues().forEach(c -> out.add(colleague(c)));
    return out;
  }

  /**
   * The video a receiving classroom asks for by default: the teacher only (lastN 1), at most 360p,
   * or 180p on an uplink under 1 Mbit/s, and none at all in a listen-only room.
   */
  static int defaultMaxHeight(SessionAccess.Room room) {
    if (room.listenOnly()) {
      return 0;
    }
    return room.uplinkKbps().map(k -> k < 1000 ? 180 : 360).orElse(360);
  }
}
