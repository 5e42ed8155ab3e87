package dev.loopcore;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The bounded (ring) mailbox: producers back off when full; the loop never waits on itself. */
class BoundedMailboxTest extends LoopTestSupport {

    @Test
    void aProducerBacksOffWhenTheRingIsFullAndCompletesWhenTheLoopDrains() throws Exception {
        MessageLoop loop = loop("ring", MailboxKind.BOUNDED); // 16 slots
        CountDownLatch gate = new CountDownLatch(1);
        loop.post(() -> await(gate));
        AtomicInteger ran = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 1000; i++) loop.post(ran::incrementAndGet);
        });
        producer.start();
        eventually(() -> producer.getState() != Thread.State.RUNNABLE || loop.stats().posted() >= 16,
                "the producer filled the ring");
        assertTrue(producer.isAlive(), "1000 posts cannot fit in 16 slots while the loop is blocked");
        gate.countDown();
        producer.join(BOUND.toMillis());
        assertFalse(producer.isAlive());
        eventually(() -> ran.get() == 1000, "all 1000 ran");
    }

    @Test
    void aLoopPostingToItselfBeyondItsCapacityNeverDeadlocksAndKeepsOrder() {
        MessageLoop loop = loop("self-ring", MailboxKind.BOUNDED);
        int[] last = {-1};
        int[] violations = {0};
        int n = 10_000;
        CountDownLatch allRan = new CountDownLatch(1);
        assertTimeoutPreemptively(BOUND, () -> {
            loop.post(() -> {
                for (int i = 0; i < n; i++) {
                    int seq = i;
                    assertTrue(loop.post(() -> {
                        if (last[0] != seq - 1) violations[0]++;
                        last[0] = seq;
                    }));
                }
                loop.post(allRan::countDown); // the loop's own posts stay in order: this one runs last
            });
            await(allRan);
        });
        assertEquals(n - 1, loop.call(() -> last[0]).await(BOUND));
        assertEquals(0, loop.call(() -> violations[0]).await(BOUND));
    }
}
