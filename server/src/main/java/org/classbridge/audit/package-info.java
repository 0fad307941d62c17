/**
 * The audit log of administrative changes: who changed what and when, with the fields a change
 * touched before and after (never password material), written in the same transaction as the
 * change, and read by admins and, for their own group, coordinators.
 *
 * <p>May import: {@code identity}, {@code http}, {@code sql}, {@code common}.
 */
package org.classbridge.audit;
