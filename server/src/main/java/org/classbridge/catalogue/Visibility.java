package org.classbridge.catalogue;

/** Who sees a published resource: its education group, or every school on the platform. */
public enum Visibility {
  GROUP,
  PUBLIC
}
