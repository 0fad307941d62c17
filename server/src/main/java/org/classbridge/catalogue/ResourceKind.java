package org.classbridge.catalogue;

import java.util.Set;
import org.classbridge.media.MediaKind;

/**
 * What a resource is, and which files it may hold, decided from the bytes (never from the client's
 * header or the file's name). Virtual experiments (HTML5 packages, served from their own origin)
 * and courses come with the next steps of the repository.
 */
public enum ResourceKind {
  LESSON_VIDEO(Set.of(MediaKind.MP4_VIDEO, MediaKind.WEBM_VIDEO)),
  SLIDES(Set.of(MediaKind.PDF)),
  LESSON_PLAN(Set.of(MediaKind.PDF, MediaKind.UTF8_TEXT)),
  AUDIO(Set.of(MediaKind.MPEG_AUDIO, MediaKind.OGG)),
  /**
   * An HTML5 virtual experiment: a zip package (checked entry by entry) or a single HTML page like
   * PhET's; served only from the experiments' own origin, in a sandboxed frame.
   */
  EXPERIMENT(Set.of(MediaKind.ZIP, MediaKind.UTF8_TEXT)),
  /** A course: ordered lessons (other resources); it holds no file of its own. */
  COURSE(Set.of());

  private final Set<MediaKind> accepts;

  ResourceKind(Set<MediaKind> accepts) {
    this.accepts = accepts;
  }

  public boolean accepts(MediaKind kind) {
    return accepts.contains(kind);
  }

  public Set<MediaKind> accepted() {
    return accepts;
  }
}
