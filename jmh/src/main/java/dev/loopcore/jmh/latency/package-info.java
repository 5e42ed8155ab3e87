/**
 * The instrument of the latency-under-load family ({@code dev.loopcore.jmh.LatencyUnderLoad}): an
 * open-loop sender, an allocation-free histogram, and the JMH profiler and result that carry whole
 * histograms to the report, so percentiles are read from merged histograms, never averaged.
 *
 * <pre>
 *   JMH benchmark thread (producer)        peer's consumer thread             JMH iteration thread
 *   -------------------------------        ----------------------             --------------------
 *   OpenLoopSender.sendNext():
 *     task = ring[i], wait while queued  &lt;-- StampedTask.run():
 *     task.stamp(due = t0 + i / rate)          latency.record(now - due)
 *     spin until nanoTime() &gt;= due             queued = false (release)
 *     sendLag.record(now - due)
 *     peer.post(task)  ------------------&gt;
 *   iteration tear-down:
 *     drain(): every task free (acquire)
 *     LatencyProfiler.publish(sender) --------------------------------------&gt;  afterIteration():
 *                                                                              take it (swap), copy the
 *                                                                              histograms into
 *                                                                              LatencyResults
 *                                          JMH host: merges LatencyResults over iterations and forks,
 *                                          derives latency.p50 / .p99 / .p99.9 / .max from the merge
 * </pre>
 *
 * <p>Who writes what: the consumer writes only the tasks' {@code queued} flags and the latency histogram;
 * the producer everything else in {@link dev.loopcore.jmh.latency.OpenLoopSender}; the profiler only
 * reads, after the hand-over.
 */
package dev.loopcore.jmh.latency;
