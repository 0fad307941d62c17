package org.classbridge.catalogue;

/** 学段: the stage of schooling a resource is for, as the national platform files it. */
public enum Stage {
  PRIMARY,
  JUNIOR,
  SENIOR
}
