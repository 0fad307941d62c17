package org.classbridge.schedule;

/** Whether a session still stands: cancelled sessions stay in history but hold nothing. */
public enum SessionStatus {
  BOOKED,
  CANCELLED
}
