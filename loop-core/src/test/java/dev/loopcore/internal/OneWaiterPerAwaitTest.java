package dev.loopcore.internal;

import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A task's {@code await()} registers one {@link ReplyNode.Waiter} on the awaited reply for the whole
 * await, not one per park (review fix of bec71a9: each park pushed a new node, so an await woken
 * spuriously again and again allocated, and pushed onto the reply's stack, a node per wake-up).
 * White-box: main code keeps no count of the nodes a reply was given, so the test reads the reply's
 * node stack ({@code ReplyImpl.nodes}, private) by reflection and records every live waiter node of
 * the awaiting thread it finds there after each spurious wake-up. A withdrawn node at the top is
 * popped by the next push, so the stack's length alone would not tell the two apart.
 */
class OneWaiterPerAwaitTest {
    static final Duration BOUND = Duration.ofSeconds(5);
    static final int WAKE_UPS = 1_000;

    private static final Field NODES;

    static {
        try {
            NODES = ReplyImpl.class.getDeclaredField("nodes");
            NODES.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The waiter nodes on {@code r}'s stack that would unpark {@code t} (withdrawn ones have no thread). */
    private static List<ReplyNode.Waiter> waitersOf(ReplyImpl<?> r, Thread t) {
        List<ReplyNode.Waiter> found = new ArrayList<>();
        try {
            for (ReplyNode n = (ReplyNode) NODES.get(r); n != null; n = n.next) {
                if (n instanceof ReplyNode.Waiter && ((ReplyNode.Waiter) n).thread == t) found.add((ReplyNode.Waiter) n);
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static boolean parked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    /** How many times {@code t} entered a wait; a park counts (it registered its waiter before). */
    private static long parks(Thread t) {
        return THREADS.getThreadInfo(t.getId()).getWaitedCount();
    }

    private static void eventually(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) fail("timed out waiting for: " + what);
            Thread.onSpinWait();
        }
    }

    @Test
    void aDedicatedLoopsAwaitWokenSpuriouslyManyTimesRegistersOneWaiterNode() throws Exception {
        MessageLoop waiting = MessageLoop.builder("waiting").daemon(true).start();
        try {
            assertOneWaiterNodeOverSpuriousWakeUps(waiting);
        } finally {
            waiting.close();
            waiting.awaitTermination(BOUND);
        }
    }

    @Test
    void aPooledLoopsAwaitWokenSpuriouslyManyTimesRegistersOneWaiterNode() throws Exception {
        LoopPool pool = LoopPool.create("waiting-pool", 1);
        try {
            assertOneWaiterNodeOverSpuriousWakeUps(pool.newLoop("waiting"));
        } finally {
            pool.close();
            pool.awaitTermination(BOUND);
        }
    }

    /** A task of {@code waiting} awaits a reply that stays pending while the test unparks its thread. */
    private static void assertOneWaiterNodeOverSpuriousWakeUps(MessageLoop waiting) throws Exception {
        MessageLoop target = MessageLoop.builder("target").daemon(true).start();
        CountDownLatch gate = new CountDownLatch(1);
        try {
            ReplyImpl<Integer> pending = (ReplyImpl<Integer>) target.call(() -> {
                try {
                    gate.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 42;
            });
            CompletableFuture<Thread> awaiting = new CompletableFuture<>();
            Reply<Integer> outer = waiting.call(() -> {
                awaiting.complete(Thread.currentThread());
                return pending.await();
            });
            Thread t = awaiting.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            eventually(() -> parked(t) && !waitersOf(pending, t).isEmpty(), "the task's await parks");

            Set<ReplyNode.Waiter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            seen.addAll(waitersOf(pending, t));
            for (int i = 0; i < WAKE_UPS; i++) {
                long before = parks(t);
                LockSupport.unpark(t); // spurious: the reply is still pending
                int wakeUp = i;
                eventually(() -> parks(t) > before && parked(t), "the await parks again after wake-up " + wakeUp);
                seen.addAll(waitersOf(pending, t));
            }
            assertTrue(!pending.isDone() && !outer.isDone(), "the reply stayed pending throughout");

            gate.countDown();
            assertEquals(42, outer.await(BOUND));
            assertEquals(1, seen.size(), "waiter nodes one await registered over " + WAKE_UPS + " spurious wake-ups");
        } finally {
            gate.countDown();
            target.close();
            target.awaitTermination(BOUND);
        }
    }
}
