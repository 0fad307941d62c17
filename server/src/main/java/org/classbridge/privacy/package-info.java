/**
 * A pupil's data (minors' data, PIPL): an admin exports everything Classbridge keeps about one
 * pupil as JSON, and erases a pupil who left. A use case above the features that hold the pieces
 * (the account, class memberships, attendance marks, viewing, the audit log), each of which offers
 * its part: erasure runs all of them in one transaction, so a pupil is erased entirely or not at
 * all.
 *
 * <p>May import: {@code auth}, {@code directory}, {@code schedule}, {@code catalogue}, {@code
 * audit}, {@code identity}, {@code http}, {@code sql}, {@code common}.
 */
package org.classbridge.privacy;
