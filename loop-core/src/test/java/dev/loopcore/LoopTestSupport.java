package dev.loopcore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Loops that are closed after each test, and bounded waits. */
abstract class LoopTestSupport {
    static final Duration BOUND = Duration.ofSeconds(20);
    private final List<MessageLoop> loops = new ArrayList<>();

    MessageLoop loop(String name) {
        return track(MessageLoop.builder(name).daemon(true).start());
    }

    MessageLoop loop(String name, MailboxKind kind) {
        return track(MessageLoop.builder(name).mailbox(kind).capacity(16).daemon(true).start());
    }

    <L extends MessageLoop> L track(L l) {
        loops.add(l);
        return l;
    }

    @org.junit.jupiter.api.AfterEach
    void closeLoops() throws InterruptedException {
        for (MessageLoop l : loops) l.close();
        for (MessageLoop l : loops) {
            if (!(l instanceof DrivenLoop)) assertTrue(l.awaitTermination(BOUND), l + " did not terminate");
        }
    }

    static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(BOUND.toSeconds(), TimeUnit.SECONDS), "timed out; count " + latch.getCount());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out waiting for: " + what);
            Thread.onSpinWait();
        }
    }
}
