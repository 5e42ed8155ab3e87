package dev.loopcore.regression;

import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import dev.loopcore.ReplyTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Contract 7: {@code await(timeout)} gives up when its timeout elapses, also while its thread has work
 * to do all the time (a review finding: the deadline was checked only when an iteration found nothing
 * to do, so a pooled await that kept lending its thread to a busy loop never timed out).
 */
class TimedAwaitUnderLoadTest {
    static final Duration BOUND = Duration.ofSeconds(5);

    @Test
    void aTimedAwaitOnABusyOneThreadPoolTimesOut() throws Exception {
        LoopPool pool = LoopPool.create("timed-under-load", 1);
        MessageLoop slow = MessageLoop.builder("never-replies").daemon(true).start();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            MessageLoop busy = pool.newLoop("busy");
            MessageLoop waiting = pool.newLoop("waiting");
            // A loop of the same pool that always has work: the awaiting thread keeps running batches of it.
            busy.post(new Runnable() {
                @Override
                public void run() {
                    if (!stop.get()) busy.post(this);
                }
            });
            Reply<String> never = slow.call(() -> {
                try {
                    release.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "late";
            });
            Reply<String> outcome = waiting.call(() -> {
                try {
                    return never.await(Duration.ofMillis(50));
                } catch (ReplyTimeoutException expected) {
                    return "timed out";
                }
            });
            assertEquals("timed out", outcome.await(BOUND), "the 50 ms await outlasted its timeout while its thread was busy");
        } finally {
            stop.set(true);
            release.countDown();
            pool.close();
            slow.close();
            pool.awaitTermination(BOUND);
            slow.awaitTermination(BOUND);
        }
    }
}
