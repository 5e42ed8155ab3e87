package dev.loopcore.regression;

import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import dev.loopcore.ReplyTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 12 points 6 and 7, contract 7: any number of threads may await the same reply and each gets
 * the outcome; {@code await(timeout)} gives up for its caller only, as {@code Future.get(timeout)} does.
 */
class ReplyWaitersTest extends CompositionSupport {

    /** A thread on no loop that awaits {@code reply} and records what it got (value or exception). */
    private static final class Waiter {
        final AtomicReference<Object> outcome = new AtomicReference<>();
        final Thread thread;

        Waiter(Reply<?> reply, String name) {
            thread = new Thread(() -> {
                try {
                    outcome.set(reply.await());
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** The outcome, or a description of the hang; a parked waiter is woken so that it can leave. */
        Object outcomeWithin(Duration bound) throws InterruptedException {
            thread.join(bound.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                return thread.getName() + " still waiting after " + bound.toMillis() + " ms";
            }
            return outcome.get();
        }

        boolean parked() {
            Thread.State s = thread.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        }
    }

    private Reply<Integer> blockedCall(MessageLoop loop, CountDownLatch gate, int value) {
        return loop.call(() -> {
            awaitQuietly(gate, BOUND);
            return value;
        });
    }

    /** Point 6: two parked waiters on one reply both return with its value. */
    @Test
    void twoThreadsAwaitingTheSameReplyBothGetItsValue() throws Exception {
        MessageLoop target = loop("target");
        CountDownLatch gate = new CountDownLatch(1);
        Reply<Integer> reply = blockedCall(target, gate, 42);
        Waiter first = new Waiter(reply, "first-waiter");
        Waiter second = new Waiter(reply, "second-waiter");
        eventually(() -> first.parked() && second.parked(), "both waiters park");
        gate.countDown();

        assertEquals(42, first.outcomeWithin(SHORT));
        assertEquals(42, second.outcomeWithin(SHORT));
    }

    /** Point 6, racy: waiters arriving while the reply completes, many rounds; every one returns. */
    @Test
    void manyWaitersRacingTheCompletionAllGetTheValue() throws Exception {
        MessageLoop target = loop("target");
        long end = System.nanoTime() + SHORT.toNanos();
        for (int round = 0; round < 500 && System.nanoTime() - end < 0; round++) {
            CountDownLatch gate = new CountDownLatch(1);
            Reply<Integer> reply = blockedCall(target, gate, round);
            List<Waiter> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) waiters.add(new Waiter(reply, "waiter-" + round + "-" + i));
            if ((round & 1) == 0) eventually(() -> waiters.stream().allMatch(Waiter::parked), "waiters park");
            gate.countDown();
            for (Waiter w : waiters) assertEquals(round, w.outcomeWithin(SHORT), "round " + round);
        }
    }

    /** Point 6: one thread's timeout does not reach another thread that set none. */
    @Test
    void anotherThreadsTimedOutAwaitDoesNotFailOrStrandAPlainAwait() throws Exception {
        MessageLoop target = loop("target");
        CountDownLatch gate = new CountDownLatch(1);
        Reply<Integer> reply = blockedCall(target, gate, 42);
        Waiter plain = new Waiter(reply, "plain-waiter");
        eventually(plain::parked, "the plain waiter parks");

        assertThrows(ReplyTimeoutException.class, () -> reply.await(Duration.ofMillis(1)));
        gate.countDown();

        assertEquals(42, plain.outcomeWithin(SHORT), "the waiter that set no timeout must get the value");
    }

    /** Point 7: after a timed-out await, the reply still completes and later awaits get its value. */
    @Test
    void aTimedOutAwaitDoesNotPoisonTheReply() throws Exception {
        MessageLoop target = loop("target");
        CountDownLatch gate = new CountDownLatch(1);
        Reply<Integer> reply = blockedCall(target, gate, 42);

        assertThrows(ReplyTimeoutException.class, () -> reply.await(Duration.ofMillis(100)));
        gate.countDown();

        try {
            assertEquals(42, reply.await(BOUND));
        } catch (ReplyTimeoutException e) {
            fail("await() after the value arrived threw the earlier timeout: " + e);
        }
    }

    /** Point 7: then and toFuture registered after a timed-out await get the value too. */
    @Test
    void thenAndToFutureAfterATimedOutAwaitGetTheValue() throws Exception {
        MessageLoop target = loop("target");
        CountDownLatch gate = new CountDownLatch(1);
        Reply<Integer> reply = blockedCall(target, gate, 42);
        assertThrows(ReplyTimeoutException.class, () -> reply.await(Duration.ofMillis(20)));

        CompletableFuture<Object> viaThen = new CompletableFuture<>();
        reply.then(viaThen::complete, viaThen::complete);
        CompletableFuture<Integer> future = reply.toFuture();
        gate.countDown();

        assertEquals(42, viaThen.get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(42, future.handle((v, e) -> e == null ? v : (Object) e).get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Point 7 inside a loop: a task's timed-out await, then a plain await of the same reply, gets the value. */
    @Test
    void aTimedOutAwaitInsideALoopDoesNotPoisonALaterAwaitThere() {
        MessageLoop waiting = loop("waiting");
        MessageLoop target = loop("target");
        CountDownLatch gate = new CountDownLatch(1);
        Object outcome = waiting.call(() -> {
            Reply<Integer> reply = blockedCall(target, gate, 42);
            try {
                reply.await(Duration.ofMillis(20));
                return "the first await did not time out";
            } catch (ReplyTimeoutException expected) {
                gate.countDown();
            }
            try {
                return reply.await();
            } catch (RuntimeException e) {
                return e;
            }
        }).await(BOUND);
        assertTrue(Integer.valueOf(42).equals(outcome), "second await got " + outcome);
    }
}
