package dev.loopcore.regression;

import dev.loopcore.AbstractRefCounted;
import dev.loopcore.IllegalReferenceCountException;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import dev.loopcore.ReplyTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 point 8, contract 7: a {@code RefCounted} reply value follows one ownership rule, under which
 * it is never released past zero and never leaked. The rule these tests hold the library to:
 * <ul>
 *   <li>the reply holds one reference to the value while the reply is reachable;</li>
 *   <li>each {@code then} callback gets the value valid for the callback's duration (its own reference,
 *       released after {@code onValue} returns) — also when registered after completion;</li>
 *   <li>each {@code await()} returns a reference of the caller's own, which the caller releases;</li>
 *   <li>never released past zero; never leaked: its count eventually reaches 0 once the reply is
 *       unreachable, also when every waiter timed out.</li>
 * </ul>
 */
class RefCountedReplyTest extends CompositionSupport {

    /** Counts releases past zero, which the library would otherwise only log. */
    static final class Counted extends AbstractRefCounted {
        final AtomicInteger deallocations = new AtomicInteger();
        final AtomicInteger releasesPastZero = new AtomicInteger();

        @Override
        protected void deallocate() {
            deallocations.incrementAndGet();
        }

        @Override
        public boolean release() {
            try {
                return super.release();
            } catch (IllegalReferenceCountException e) {
                releasesPastZero.incrementAndGet();
                throw e;
            }
        }
    }

    @Test
    void thenRegisteredAfterCompletionFromANoLoopCallerSeesTheValueAlive() {
        MessageLoop target = loop("target");
        Counted value = new Counted();
        Reply<Counted> reply = target.call(() -> value);
        eventually(reply::isDone, "the call completed");

        List<Integer> countsInOnValue = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            reply.then(v -> {
                countsInOnValue.add(v.refCount());
                ran.countDown();
            }, e -> ran.countDown());
        }
        await(ran);

        assertEquals(2, countsInOnValue.size());
        assertTrue(countsInOnValue.stream().allMatch(c -> c >= 1),
                "refCount seen inside onValue of callbacks registered after completion: " + countsInOnValue);
        assertEquals(0, value.releasesPastZero.get(), "the value was released past zero");
    }

    @Test
    void awaitAfterCallbacksRanReturnsTheValueAliveWithAReferenceOfTheCallersOwn() {
        MessageLoop target = loop("target");
        Counted value = new Counted();
        CountDownLatch gate = new CountDownLatch(1);
        Reply<Counted> reply = target.call(() -> {
            awaitQuietly(gate, BOUND);
            return value;
        });
        CountDownLatch ran = new CountDownLatch(2);
        reply.then(v -> ran.countDown(), e -> ran.countDown());
        reply.then(v -> ran.countDown(), e -> ran.countDown());
        gate.countDown();
        await(ran);

        Counted owned = reply.await(BOUND);
        assertSame(value, owned);
        // Each callback's own reference is released after the callback returns, i.e. after it counted
        // down `ran`: wait (bounded) for those two releases before counting.
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (owned.refCount() > 2 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(2, owned.refCount(), "the reply's reference and the caller's own");
        owned.release();
        assertEquals(1, value.refCount(), "the reply still holds its reference while it is reachable");
        assertEquals(0, value.releasesPastZero.get(), "the value was released past zero");
    }

    @Test
    void valueWhoseOnlyWaiterTimedOutIsReleasedOnceTheReplyIsUnreachable() {
        MessageLoop target = loop("target");
        Counted value = new Counted();
        CountDownLatch gate = new CountDownLatch(1);
        awaitAndTimeOut(target, value, gate);
        gate.countDown(); // the call now completes with a value nobody waits for

        long deadline = System.nanoTime() + SHORT.toNanos();
        while (value.refCount() != 0 && System.nanoTime() - deadline < 0) {
            System.gc();
            target.call(() -> 0).await(BOUND); // also lets the late completion happen
            letTimePass(Duration.ofMillis(10));
        }
        assertEquals(0, value.refCount(), "the value of a reply whose only waiter timed out leaked");
        assertEquals(1, value.deallocations.get());
        assertEquals(0, value.releasesPastZero.get(), "the value was released past zero");
    }

    /** Keeps the reply local, so that it is unreachable once this returns. */
    private static void awaitAndTimeOut(MessageLoop target, Counted value, CountDownLatch gate) {
        Reply<Counted> reply = target.call(() -> {
            awaitQuietly(gate, BOUND);
            return value;
        });
        assertThrows(ReplyTimeoutException.class, () -> reply.await(Duration.ofMillis(10)));
    }
}
