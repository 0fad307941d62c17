/**
 * SQL on worker threads: the JDBC pool and migrations, the {@code Tx} unit of work that use cases
 * share across stores, retries and 503 on lock contention, batches, and the change log (outbox)
 * that followers replay.
 *
 * <p>May import: {@code common}.
 */
package org.classbridge.sql;
