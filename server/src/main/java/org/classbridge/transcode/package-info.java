/**
 * The media pipeline in the server: a durable job queue in the database (claimed with a lease, so a
 * job survives restarts and a dead node's job is taken over), the worker verticle that runs the
 * {@code media} library's transcode, renditions published to the blob store all at once, progress
 * events on the EventBus, HLS and offline-pack delivery behind signed links, captions and chapters,
 * and the push list a rural school pre-loads overnight.
 *
 * <p>May import {@code media}, {@code catalogue} (its public contract: resources, visibility,
 * signed links, blob responses, the change-log topic), {@code blob}, {@code http}, {@code sql},
 * {@code identity} and {@code common}. The timetable reaches it through {@link
 * org.classbridge.transcode.LessonPush}, which {@code app} implements over the schedule.
 */
package org.classbridge.transcode;
