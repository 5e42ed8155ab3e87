package dev.loopcore.internal;

import dev.loopcore.DeadlockException;
import dev.loopcore.internal.jfr.DeadlockEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The wait-for graph over loops (contract 9). Each loop has a stack of {@link Frame}s: one per await
 * that really has to wait (target and awaited reply), and one per batch of another pooled loop run on
 * its thread while it waits (target only: that loop's batch must finish before the await can resume).
 *
 * <p>A new wait W -> T (W awaits reply R of a call to T) cannot deadlock if T's innermost frame is an
 * await whose reply is an ancestor of R: T's nested loop runs R's call (contract 8, sync calls back
 * into a waiting loop). Otherwise it deadlocks exactly when T already (transitively) waits for W; then
 * it throws {@link DeadlockException} naming the cycle in wait-for order ("W -> T -> ... -> W"), after
 * counting it in W's stats and committing the JFR event {@code dev.loopcore.Deadlock}.
 *
 * <p>Why a lock (a {@link ReentrantLock}, not a monitor, so it never pins a virtual thread): frames change only when an await really has to wait or lend its thread (cold paths
 * next to parking), and cycle detection needs one consistent view of the graph. Under one lock, two
 * loops that start waiting on each other at the same instant are ordered: the second sees the
 * first's frame and throws, so at least one throws and neither hangs.
 */
final class WaitGraph {
    private static final ReentrantLock LOCK = new ReentrantLock(); // not a monitor: never pins a virtual thread

    private WaitGraph() {
    }

    /** One wait (or thread loan) of a loop; confined to the graph lock. */
    static final class Frame {
        final LoopCore target;
        final ReplyImpl<?> reply; // null for a loan of the waiting thread to target
        final Frame below;

        Frame(LoopCore target, ReplyImpl<?> reply, Frame below) {
            this.target = target;
            this.reply = reply;
            this.below = below;
        }
    }

    /** Pushes a frame for {@code waiter}, or throws if waiting would deadlock. */
    static void enter(LoopCore waiter, LoopCore target, ReplyImpl<?> reply) {
        LOCK.lock();
        try {
            if (target != waiter && !servesNested(target, reply)) {
                List<LoopCore> path = new ArrayList<>(); // deliberate: cold path
                if (reaches(target, waiter, reply, path)) {
                    StringBuilder sb = new StringBuilder(waiter.name());
                    for (LoopCore l : path) sb.append(" -> ").append(l.name());
                    String cycle = sb.toString();
                    waiter.countDeadlock();
                    DeadlockEvent ev = new DeadlockEvent(); // cold: a wait that would deadlock
                    if (ev.shouldCommit()) {
                        ev.loop = waiter.name();
                        ev.cycle = cycle;
                        ev.commit();
                    }
                    throw new DeadlockException(cycle);
                }
            }
            waiter.waitTop = new Frame(target, reply, waiter.waitTop); // deliberate: cold path
        } finally {
            LOCK.unlock();
        }
    }

    /** Pops the frame {@link #enter} pushed. */
    static void exit(LoopCore waiter) {
        LOCK.lock();
        try {
            waiter.waitTop = waiter.waitTop.below;
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * True if {@code target}'s innermost await runs {@code reply}'s call: its own nested loop does, unless
     * it lent its thread to another loop; then only a waiter on that same thread (which pumps the
     * suspended await itself, see PooledLoop) gets served.
     */
    private static boolean servesNested(LoopCore target, ReplyImpl<?> reply) {
        if (reply == null) return false;
        Frame f = target.waitTop;
        boolean lent = false;
        while (f != null && f.reply == null) {
            lent = true;
            f = f.below;
        }
        if (f == null || !ReplyImpl.descends(reply, f.reply)) return false;
        return !lent || target.lvThread() == Thread.currentThread();
    }

    /**
     * Depth-first over blocking frames: appends from..to to {@code path} if {@code to} is reachable from
     * {@code from}. A frame does not block if its reply is done (the await returns on its own), or if
     * the loop it waits for will run its call nested: that loop's innermost await (for {@code to}: the
     * await being entered, on {@code newReply}) is an ancestor of the frame's reply.
     */
    private static boolean reaches(LoopCore from, LoopCore to, ReplyImpl<?> newReply, List<LoopCore> path) {
        path.add(from);
        if (from == to) return true;
        for (Frame f = from.waitTop; f != null; f = f.below) {
            LoopCore next = f.target;
            if (next == from || path.contains(next)) continue;
            if (f.reply != null) {
                if (f.reply.isDone()) continue;
                if (next == to ? ReplyImpl.descends(f.reply, newReply) : servesNested(next, f.reply)) continue;
            }
            if (reaches(next, to, newReply, path)) return true;
        }
        path.remove(path.size() - 1);
        return false;
    }
}
