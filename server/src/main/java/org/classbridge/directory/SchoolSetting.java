package org.classbridge.directory;

/** Where a school is: urban schools host the main classrooms; rural and pastoral ones receive. */
public enum SchoolSetting {
  URBAN,
  RURAL,
  /** 牧区: herding areas, the weakest links and the most boarding students. */
  PASTORAL
}
