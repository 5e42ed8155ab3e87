package dev.loopcore.regression;

import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 12 point 1, contract 1: a message kept aside during an {@code await()} runs before every later
 * message of the same producer, also when the await that kept it aside is nested in another one.
 */
class NestedAwaitFifoTest extends CompositionSupport {

    /**
     * A awaits a call to B. B posts X1 to A (in the call's chain); X1 awaits a call to C. While X1 waits,
     * B posts M1 to A (kept aside: not in C's chain). X1's await returns; before X1's task ends, B posts
     * M2 (in the outer chain). M1 and M2 come from one producer (B's task): M1 must run first.
     */
    @Test
    void keptAsideMessageRunsBeforeLaterMessageOfSameProducerAfterNestedAwait() {
        MessageLoop a = loop("A");
        MessageLoop b = loop("B");
        MessageLoop c = loop("C");
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch x1Awaits = new CountDownLatch(1);
        CountDownLatch m1Posted = new CountDownLatch(1);
        CountDownLatch x1AwaitReturned = new CountDownLatch(1);
        CountDownLatch m2Posted = new CountDownLatch(1);

        Runnable x1 = () -> {
            c.call(() -> {
                x1Awaits.countDown();
                awaitQuietly(m1Posted, BOUND); // M1 reaches A while X1 still waits for this call
                return 0;
            }).await();
            x1AwaitReturned.countDown();
            awaitQuietly(m2Posted, BOUND); // M2 reaches A before X1's task ends
            log.add("X1 end");
        };
        assertTimeoutPreemptively(BOUND.multipliedBy(2), () -> a.call(() -> b.call(() -> {
            a.post(x1);
            awaitQuietly(x1Awaits, BOUND);
            a.post(() -> log.add("M1"));
            m1Posted.countDown();
            awaitQuietly(x1AwaitReturned, BOUND);
            a.post(() -> log.add("M2"));
            m2Posted.countDown();
            return 0;
        }).await()).await(BOUND));
        a.call(() -> 0).await(BOUND);

        assertEquals(List.of("X1 end", "M1", "M2"), log,
                "M1 was kept aside during X1's await; M2, posted later by the same task, must run after it");
    }

    /**
     * A's task awaits B; another thread posts F to A (kept aside); after the await the task posts X, Y,
     * Z to A. F then runs and itself awaits B. X, Y and Z, one producer's messages, must run in order.
     */
    @Test
    void postsOfATaskKeepTheirOrderWhenAKeptAsideMessageAwaitsBeforeThem() {
        MessageLoop a = loop("A");
        MessageLoop b = loop("B");
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch fPosted = new CountDownLatch(1);
        CountDownLatch allRan = new CountDownLatch(4);

        a.post(() -> {
            b.call(() -> {
                awaitQuietly(fPosted, BOUND); // F is offered to A before this call replies
                return 0;
            }).await();
            a.post(() -> { log.add("X"); allRan.countDown(); });
            a.post(() -> { log.add("Y"); allRan.countDown(); });
            a.post(() -> { log.add("Z"); allRan.countDown(); });
        });
        a.post(() -> {
            b.call(() -> 0).await();
            log.add("F");
            allRan.countDown();
        });
        fPosted.countDown();
        await(allRan);

        assertEquals(List.of("X", "Y", "Z"),
                log.stream().filter(s -> !s.equals("F")).collect(Collectors.toList()),
                "one task's posts ran out of order; whole log: " + log);
    }
}
