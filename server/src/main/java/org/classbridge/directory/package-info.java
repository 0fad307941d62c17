/**
 * The school directory: education groups, schools, classrooms, classes and their members.
 * Scheduling, the catalogue and live classrooms refer to its ids. It implements {@code
 * auth.SchoolLookup}, so accounts learn about schools without importing this package.
 *
 * <p>May import: {@code auth} (accounts, and the {@code SchoolLookup} it implements), {@code
 * identity}, {@code http}, {@code sql}, {@code common}. Never {@code app} or the use cases above
 * it.
 */
package org.classbridge.directory;
