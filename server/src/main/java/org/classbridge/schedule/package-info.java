/**
 * The timetable of cross-school synchronous classes (专递课堂 / 同步课堂): terms with holidays and make-up
 * days, each school's period grid, pairings, sessions and weekly series booked through one write
 * path that never double books, timetable views with each school's own period labels, attendance,
 * iCalendar feeds, lesson push lists and the Jitsi reservation API.
 *
 * <p>May import {@code http}, {@code sql}, {@code audit}, {@code identity} and {@code common}. It
 * learns about schools, classrooms, classes and people only through {@link
 * org.classbridge.schedule.ScheduleDirectory}, which the composition root implements, so it never
 * imports {@code directory} or {@code auth}.
 */
package org.classbridge.schedule;
