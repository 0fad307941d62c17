package org.classbridge.directory;

/** A main classroom (主讲课堂) teaches; a receiving classroom (接收课堂) takes part remotely. */
public enum ClassroomKind {
  MAIN,
  RECEIVING
}
