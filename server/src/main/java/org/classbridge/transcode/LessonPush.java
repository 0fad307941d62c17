package org.classbridge.transcode;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.classbridge.identity.Principal;

/**
 * The timetable's lesson push, as the media pipeline needs it: for a school, the resources its
 * sessions of the next days use ({@code resources: [{resourceId, firstNeeded, sessions}]}) and
 * those sessions. {@code app} implements it over the schedule, which checks who may ask.
 */
@FunctionalInterface
public interface LessonPush {
  Future<JsonObject> lessonPush(Principal viewer, UUID schoolId, int days);
}
