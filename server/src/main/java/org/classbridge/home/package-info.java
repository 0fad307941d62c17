/**
 * The signed-in home page's data in one request: who you are, your school and classes, and what
 * your role's dashboard shows (a teacher's pupils and rooms, a coordinator's schools and rooms). On
 * a rural link each request is a round trip of a few hundred milliseconds, so a screen asks once
 * and the server composes.
 *
 * <p>May import: {@code auth}, {@code directory}, {@code schedule} (pairings), {@code identity},
 * {@code http}, {@code common}.
 */
package org.classbridge.home;
