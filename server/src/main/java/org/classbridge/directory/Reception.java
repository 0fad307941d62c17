package org.classbridge.directory;

/**
 * How a receiving classroom takes part in a synchronous class: interactive rooms send their pupils'
 * audio and video back to the teacher; listen-only rooms only receive.
 */
public enum Reception {
  INTERACTIVE,
  LISTEN_ONLY
}
