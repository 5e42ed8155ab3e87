/**
 * loopcore's JDK Flight Recorder events, all named {@code dev.loopcore.*} and each with a {@code loop}
 * field (the loop's name): {@link StallEvent}, {@link CongestionEvent}, {@link DeadlockEvent},
 * {@link LeakEvent} and {@link TaskEvent} (disabled by default).
 *
 * <p>JFR registers each class the first time an instance is made, so an application that never
 * stalls, deadlocks or leaks loads none of them. Every producer asks {@code shouldCommit()} (or, for
 * the per-task event, a flag the watchdog refreshes) before it builds a string, so a disabled event
 * costs an allocation the JIT removes and a branch.
 *
 * <p>Threading: an event object is made, filled and committed by one thread; JFR does the rest.
 */
package dev.loopcore.internal.jfr;
