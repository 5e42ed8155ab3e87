package dev.loopcore;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.*;

/** Contracts 1 and 2 on both mailbox kinds. */
class OrderAndRejectionTest extends LoopTestSupport {

    /** Written and read only by tasks of one loop: plain fields, no synchronisation. */
    static final class Plain {
        int last = -1;
        int outOfOrder;
        long sum;
    }

    @ParameterizedTest
    @EnumSource(MailboxKind.class)
    void tasksOfOneProducerRunInOrderAndSeeThePreviousTasksWrites(MailboxKind kind) {
        MessageLoop loop = loop("order", kind);
        Plain p = new Plain();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            int expected = i;
            assertTrue(loop.post(() -> {
                if (p.last != expected - 1) p.outOfOrder++;
                p.last = expected;
            }));
        }
        assertEquals(0, loop.call(() -> p.outOfOrder).await(BOUND));
        assertEquals(n - 1, loop.call(() -> p.last).await(BOUND));
    }

    @ParameterizedTest
    @EnumSource(MailboxKind.class)
    void twoProducersEachKeepTheirOrder(MailboxKind kind) throws Exception {
        MessageLoop loop = loop("two-producers", kind);
        int n = 50_000;
        int[] last = {-1, -1};
        AtomicInteger violations = new AtomicInteger();
        Thread[] producers = new Thread[2];
        for (int p = 0; p < 2; p++) {
            int id = p;
            producers[p] = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    int seq = i;
                    loop.post(() -> {
                        if (last[id] != seq - 1) violations.incrementAndGet();
                        last[id] = seq;
                    });
                }
            });
            producers[p].start();
        }
        for (Thread t : producers) t.join(BOUND.toMillis());
        assertEquals(n - 1, loop.call(() -> last[0]).await(BOUND));
        assertEquals(n - 1, loop.call(() -> last[1]).await(BOUND));
        assertEquals(0, violations.get());
    }

    @Test
    void postAfterCloseIsRejectedAndNeverRuns() throws Exception {
        MessageLoop loop = loop("closed");
        loop.close();
        AtomicInteger ran = new AtomicInteger();
        assertFalse(loop.post(ran::incrementAndGet));
        assertFalse(loop.post(x -> ran.incrementAndGet(), "a"));
        assertFalse(loop.post((x, y) -> ran.incrementAndGet(), "a", "b"));
        assertFalse(loop.post((x, y, z) -> ran.incrementAndGet(), "a", "b", "c"));
        assertThrows(RejectedExecutionException.class, () -> loop.execute(ran::incrementAndGet));
        RejectedCallException e = assertThrows(RejectedCallException.class, () -> loop.call(() -> 1).await(BOUND));
        assertEquals(RejectedCallException.Reason.LOOP_CLOSED, e.reason());
        assertTrue(loop.awaitTermination(BOUND));
        assertEquals(0, ran.get());
        assertEquals(6, loop.stats().rejected());
    }

    @ParameterizedTest
    @EnumSource(MailboxKind.class)
    void aPostRacingCloseRunsExactlyOnceOrIsRejected(MailboxKind kind) throws Exception {
        int iterations = 500;
        for (int it = 0; it < iterations; it++) {
            MessageLoop loop = MessageLoop.builder("race-" + it).mailbox(kind).daemon(true).start();
            int posts = 200;
            AtomicIntegerArray runs = new AtomicIntegerArray(posts);
            boolean[] accepted = new boolean[posts];
            CountDownLatch go = new CountDownLatch(1);
            Thread producer = new Thread(() -> {
                await(go);
                for (int i = 0; i < posts; i++) {
                    int id = i;
                    accepted[i] = loop.post(() -> runs.incrementAndGet(id));
                }
            });
            producer.start();
            go.countDown();
            if ((it & 1) == 0) Thread.onSpinWait();
            loop.close();
            producer.join(BOUND.toMillis());
            assertTrue(loop.awaitTermination(BOUND));
            for (int i = 0; i < posts; i++) {
                assertEquals(accepted[i] ? 1 : 0, runs.get(i),
                        "iteration " + it + " post " + i + " accepted=" + accepted[i]);
            }
        }
    }

    @Test
    void tasksAcceptedBeforeCloseStillRunAndCloseFromTheLoopsOwnTaskWorks() throws Exception {
        MessageLoop loop = loop("graceful");
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        loop.post(() -> await(gate));
        for (int i = 0; i < 1000; i++) loop.post(ran::incrementAndGet);
        loop.post(loop::close); // close from its own task: later self-posts are rejected
        loop.post(ran::incrementAndGet);
        gate.countDown();
        assertTrue(loop.awaitTermination(BOUND));
        assertEquals(1001, ran.get());
        assertTrue(loop.isClosed());
    }

    @Test
    void closeCancelsPendingDelayedTasks() throws Exception {
        MessageLoop loop = loop("timers");
        AtomicInteger ran = new AtomicInteger();
        Cancellable c = loop.postDelayed(ran::incrementAndGet, java.time.Duration.ofHours(1));
        loop.close();
        assertTrue(loop.awaitTermination(BOUND));
        assertEquals(0, ran.get());
        assertFalse(c.cancel(), "already cancelled by the close");
    }

    @Test
    void aThrowingTaskGoesToTheUncaughtHandlerAndTheLoopGoesOn() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<MessageLoop> on = new java.util.concurrent.atomic.AtomicReference<>();
        MessageLoop loop = track(MessageLoop.builder("failing").daemon(true)
                .uncaughtHandler((l, t) -> {
                    on.set(MessageLoop.current());
                    if (t instanceof IllegalStateException) handled.incrementAndGet();
                }).start());
        loop.post(() -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(7, loop.call(() -> 7).await(BOUND));
        assertEquals(1, handled.get());
        assertSame(loop, on.get());
        eventually(() -> loop.stats().failed() == 1, "stats().failed() == 1");
    }

    @Test
    void statsCountPostedExecutedAndPending() throws Exception {
        MessageLoop loop = loop("stats");
        CountDownLatch gate = new CountDownLatch(1);
        loop.post(() -> await(gate));
        for (int i = 0; i < 10; i++) loop.post(() -> { });
        eventually(() -> loop.stats().posted() == 11, "11 posted");
        assertTrue(loop.stats().pending() >= 10);
        gate.countDown();
        eventually(() -> loop.stats().executed() == 11 && loop.stats().pending() == 0, "all executed");
    }
}
