/**
 * The live classroom (专递课堂 / 同步课堂 at class time): the EventBus bridge that carries WebRTC
 * signalling between a session's classrooms, presence and the roster, class control with
 * Videobridge's message names, ICE servers with TURN REST credentials, and the hand-over of large
 * classes to a Jitsi Meet deployment with a Jitsi JWT.
 *
 * <p>May import {@code http}, {@code identity} and {@code common}. It learns about sessions only
 * through {@link org.classbridge.live.SessionAccess}, which the composition root implements over
 * the timetable, so it never imports {@code schedule} or {@code sql}.
 */
package org.classbridge.live;
