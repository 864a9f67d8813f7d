/**
 * Benchmarks run by {@code benchmarks/run}: the same workload in front of the agent (with and
 * without a recording), inotifywait, a WatchService reader and no watcher, in one run.
 */
package org.inotifyjfr.bench;
