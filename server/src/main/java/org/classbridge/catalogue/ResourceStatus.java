package org.classbridge.catalogue;

/** Drafts are seen by their school's teachers and the group's coordinators only. */
public enum ResourceStatus {
  DRAFT,
  PUBLISHED,
  ARCHIVED
}
