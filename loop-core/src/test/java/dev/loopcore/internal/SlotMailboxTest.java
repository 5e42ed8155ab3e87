package dev.loopcore.internal;

import dev.loopcore.IdleStrategy;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** The default mailbox: a ring of inline slots that grows while producers and the consumer race. */
class SlotMailboxTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    private static DrivenLoopImpl drivenLoop(String name, SlotMailbox mailbox, List<Throwable> uncaught) {
        return new DrivenLoopImpl(name, mailbox, IdleStrategy.busySpin(), (loop, t) -> uncaught.add(t));
    }

    /** Runs the loop on this (its creating) thread until {@code done}, within the bound. */
    private static void runUntil(DrivenLoopImpl loop, BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out waiting for: " + what);
            if (loop.runPending() == 0) Thread.onSpinWait();
        }
    }

    /** Checks, on the loop, that each producer's tasks arrive numbered 0, 1, 2, ... */
    static final class OrderLog {
        final int[] next;
        int violations;
        int ran;

        OrderLog(int producers) {
            next = new int[producers];
        }

        void record(int producer, int seq) {
            if (next[producer] != seq) violations++;
            next[producer] = seq + 1;
            ran++;
        }
    }

    @Test
    void concurrentProducersKeepTheirOrderWhileTheRingGrowsUnderThem() {
        // Bounded as a whole: a lost slot would make the final drain spin; the loops are created in here.
        assertTimeoutPreemptively(BOUND.multipliedBy(3), this::concurrentProducersKeepTheirOrderWhileTheRingGrowsUnderThemBody);
    }

    private void concurrentProducersKeepTheirOrderWhileTheRingGrowsUnderThemBody() throws Exception {
        int producers = 2, perProducer = 50_000;
        for (int round = 0; round < 20; round++) {
            List<Throwable> uncaught = new ArrayList<>();
            SlotMailbox mailbox = new SlotMailbox(2);
            DrivenLoopImpl loop = drivenLoop("grow-" + round, mailbox, uncaught);
            OrderLog log = new OrderLog(producers);
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int id = p;
                threads[p] = new Thread(() -> {
                    for (int i = 0; i < perProducer; i++) loop.post(OrderLog::record, log, id, i);
                });
                threads[p].start();
            }
            runUntil(loop, () -> log.ran == producers * perProducer, "every task ran");
            for (Thread t : threads) t.join(BOUND.toMillis());
            assertEquals(0, log.violations, "a producer's tasks ran out of order");
            assertEquals(List.of(), uncaught);
            assertEquals(producers * perProducer, loop.stats().executed());
            assertTrue(mailbox.isEmpty());
            assertTrue(mailbox.capacity() > 2, "the ring grew: " + mailbox.capacity());
            loop.close();
            loop.runPending();
        }
    }

    @Test
    void aBacklogGrowsTheRingByDoublingAndRunsInPostedOrder() {
        List<Throwable> uncaught = new ArrayList<>();
        SlotMailbox mailbox = new SlotMailbox(4);
        DrivenLoopImpl loop = drivenLoop("backlog", mailbox, uncaught);
        OrderLog log = new OrderLog(1);
        for (int i = 0; i < 10_000; i++) assertTrue(loop.post(OrderLog::record, log, 0, i));
        // A full ring keeps what it holds until the consumer passes its jump, and one slot of each is
        // kept for that jump: rings of 4, 8, ..., 4,096 hold 8,177 tasks, the 8,192 ring the rest.
        assertEquals(8_192, mailbox.capacity());
        assertEquals(10_000, loop.runPending());
        assertEquals(0, log.violations);
        assertEquals(10_000, log.ran);
        assertEquals(8_192, mailbox.capacity(), "the ring keeps its size");
        loop.close();
        loop.runPending();
    }

    @Test
    void aFullRingAtItsLargestMakesOtherThreadsWaitUntilTheLoopRuns() throws Exception {
        List<Throwable> uncaught = new ArrayList<>();
        SlotMailbox mailbox = new SlotMailbox(2, 4);
        DrivenLoopImpl loop = drivenLoop("largest", mailbox, uncaught);
        AtomicInteger ran = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 100; i++) loop.post(ran::incrementAndGet);
        });
        producer.start();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (mailbox.offers() < 4) { // 1 in the first ring (2 slots, one kept free), 3 in the largest
            assertTrue(System.nanoTime() < deadline, "the producer filled the ring");
            Thread.onSpinWait();
        }
        assertTrue(producer.isAlive(), "100 posts cannot fit in 4 slots while the loop does not run");
        assertEquals(4, mailbox.offers(), "no post went past the full ring");
        runUntil(loop, () -> ran.get() == 100, "all 100 ran once the loop ran");
        producer.join(BOUND.toMillis());
        assertFalse(producer.isAlive());
        assertEquals(4, mailbox.capacity());
        assertEquals(List.of(), uncaught);
        loop.close();
        loop.runPending();
    }

    @Test
    void theLoopPostingToItsOwnFullRingAtItsLargestGetsAnErrorInsteadOfWaitingForItself() {
        List<Throwable> uncaught = new ArrayList<>();
        SlotMailbox mailbox = new SlotMailbox(2, 4);
        DrivenLoopImpl loop = drivenLoop("self", mailbox, uncaught);
        OrderLog log = new OrderLog(1);
        int[] accepted = {0};
        IllegalStateException[] refused = {null};
        loop.post(() -> {
            MessageLoop self = MessageLoop.current();
            try {
                for (int i = 0; i < 100; i++) {
                    self.post(OrderLog::record, log, 0, i);
                    accepted[0]++;
                }
            } catch (IllegalStateException e) {
                refused[0] = e;
            }
        });
        loop.runPending();
        // The task took index 0; index 1 fits the first ring, 2-4 the largest one (one slot kept free).
        assertEquals(4, accepted[0]);
        assertNotNull(refused[0], "the fifth post is refused");
        assertTrue(refused[0].getMessage().contains("'self'"), refused[0].getMessage());
        assertEquals(4, loop.runPending());
        assertEquals(0, log.violations);
        assertEquals(4, log.ran);
        assertTrue(loop.post(OrderLog::record, log, 0, 4), "the mailbox works on once drained");
        assertEquals(1, loop.runPending());
        assertEquals(List.of(), uncaught);
        loop.close();
        loop.runPending();
    }

    @Test
    void postsRacingCloseAreEachRunOnceOrRejectedWhileTheRingGrows() {
        // Bounded as a whole: a lost slot would make the final drain spin; the loops are created in here.
        assertTimeoutPreemptively(BOUND.multipliedBy(3), this::postsRacingCloseAreEachRunOnceOrRejectedWhileTheRingGrowsBody);
    }

    private void postsRacingCloseAreEachRunOnceOrRejectedWhileTheRingGrowsBody() throws Exception {
        for (int round = 0; round < 50; round++) {
            List<Throwable> uncaught = new ArrayList<>();
            SlotMailbox mailbox = new SlotMailbox(2);
            DrivenLoopImpl loop = drivenLoop("close-" + round, mailbox, uncaught);
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger();
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    if (loop.post(ran::incrementAndGet)) accepted.incrementAndGet();
                }
            });
            producer.start();
            while (mailbox.offers() < 1_000 && producer.isAlive()) loop.runPending();
            loop.close();
            producer.join(BOUND.toMillis());
            assertFalse(producer.isAlive());
            loop.runPending(); // the final drain, then termination
            assertEquals(accepted.get(), ran.get(), "accepted posts ran, rejected ones did not");
            assertEquals(5_000 - accepted.get(), loop.stats().rejected());
            assertEquals(List.of(), uncaught);
        }
    }
}
