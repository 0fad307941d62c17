package org.classbridge.transcode;

import java.util.UUID;

/**
 * EventBus addresses of the media pipeline. Progress is published cluster-wide on one address per
 * resource, so the uploader's page gets it whichever node runs the job and whichever node serves
 * the page. Messages are hints: the page reads the job's state from the API when told it changed,
 * and takes {@code stage} and {@code progress} from progress messages as they come.
 */
final class MediaEvents {
  private MediaEvents() {}

  static final String PREFIX = "classbridge.media.progress.";

  static String address(UUID resourceId) {
    return PREFIX + resourceId;
  }
}
