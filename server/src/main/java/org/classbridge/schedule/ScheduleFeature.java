package org.classbridge.schedule;

import java.time.Clock;
import java.util.List;
import org.classbridge.audit.AuditLog;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.ChangeLog;
import org.classbridge.sql.Database;

/**
 * The timetable of cross-school synchronous classes: terms and period grids, pairings, sessions and
 * series booked without double booking, timetable views, attendance, calendar feeds and the Jitsi
 * reservation API. The feature's entry class: the root gives it storage and the directory (through
 * {@link ScheduleDirectory}); it gives back routes and its services.
 */
public final class ScheduleFeature implements Feature {
  private final TermCalendar terms;
  private final Pairings pairings;
  private final SessionScheduler scheduler;
  private final TimetableViews views;
  private final DeliveryTally tally;
  private final GapSlots gapSlots;
  private final AttendanceRegister attendance;
  private final CalendarFeeds feeds;
  private final JitsiReservations reservations;
  private final LiveBookings live;
  private final ScheduleConfig config;

  public ScheduleFeature(
      Database db,
      ScheduleDirectory directory,
      ChangeLog changes,
      AuditLog audit,
      Clock clock,
      ScheduleConfig config) {
    this.config = config;
    ScheduleStore store = new ScheduleStore();
    Naming naming = new Naming(directory);
    ParticipantRules rules = new ParticipantRules(directory);
    this.terms = new TermCalendar(db, store, directory, audit, clock);
    this.pairings = new Pairings(db, store, terms, rules, naming, directory, audit, clock);
    SessionBooking booking =
        new SessionBooking(db, store, changes, audit, clock, config.longestSession());
    this.scheduler =
        new SessionScheduler(db, store, terms, pairings, rules, booking, config.longestSession());
    this.views = new TimetableViews(db, store, directory, naming, clock);
    this.attendance =
        new AttendanceRegister(
            db, store, directory, views, naming, audit, clock, config.earlyJoin());
    this.feeds = new CalendarFeeds(db, store, directory, naming, audit, clock);
    this.reservations = new JitsiReservations(db, store, clock, config.earlyJoin());
    this.live = new LiveBookings(db, store, directory, views, naming);
    this.tally = new DeliveryTally(db, clock);
    this.gapSlots = new GapSlots(db, store, directory, clock);
  }

  /** What sessions delivered to receiving classes, for curriculum coverage. */
  public DeliveryTally tally() {
    return tally;
  }

  /** Weekly slots that could close a class's gap in a subject (coverage proposes them). */
  public GapSlots gapSlots() {
    return gapSlots;
  }

  public TermCalendar terms() {
    return terms;
  }

  public Pairings pairings() {
    return pairings;
  }

  public SessionScheduler scheduler() {
    return scheduler;
  }

  public TimetableViews views() {
    return views;
  }

  public AttendanceRegister attendance() {
    return attendance;
  }

  public CalendarFeeds feeds() {
    return feeds;
  }

  /** The timetable as the live classroom sees it (through the composition root). */
  public LiveBookings live() {
    return live;
  }

  @Override
  public List<RouteSpec> routes() {
    return new ScheduleRoutes(
            terms, pairings, scheduler, views, attendance, live, feeds, reservations, config)
        .routes();
  }
}
