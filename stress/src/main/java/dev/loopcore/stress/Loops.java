package dev.loopcore.stress;

import dev.loopcore.IdleStrategy;
import dev.loopcore.LoopPool;
import dev.loopcore.MailboxKind;
import dev.loopcore.MessageLoop;

import java.time.Duration;

/** Loops shared by the tests: threads are too expensive to make per jcstress state. */
final class Loops {
    static final MessageLoop UNBOUNDED = MessageLoop.builder("stress-unbounded").daemon(true).start();
    static final MessageLoop BOUNDED = MessageLoop.builder("stress-bounded").mailbox(MailboxKind.BOUNDED)
            .capacity(64).daemon(true).start();
    /** Parks as soon as it is idle: every post races with a consumer about to park. */
    static final MessageLoop EAGER_PARKER = MessageLoop.builder("stress-parker")
            .idleStrategy(IdleStrategy.backoff(0, 0)).daemon(true).start();
    static final LoopPool POOL = LoopPool.create("stress-pool", 2);
    static final MessageLoop POOLED = POOL.newLoop("stress-pooled");

    static final Duration BOUND = Duration.ofSeconds(10);

    private Loops() {
    }

    /** Bounded spin: a bug shows as a forbidden outcome, never as a hang. */
    static boolean spinUntil(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.onSpinWait();
        }
        return true;
    }
}
