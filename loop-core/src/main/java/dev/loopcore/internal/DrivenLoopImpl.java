package dev.loopcore.internal;

import dev.loopcore.DrivenLoop;
import dev.loopcore.IdleStrategy;
import dev.loopcore.MessageLoop;
import dev.loopcore.WrongLoopException;

import java.util.function.BiConsumer;

/**
 * A loop run by the thread that created it, through {@link #runPending()} or {@link #runUntilClosed()}.
 * That thread is the loop's own thread also between those calls: it never waits for room in the
 * loop's own {@code BOUNDED} mailbox (it is the only one that could make room).
 */
final class DrivenLoopImpl extends LoopCore implements DrivenLoop {
    private final Thread owner;

    DrivenLoopImpl(String name, Mailbox mailbox, IdleStrategy idle,
                   BiConsumer<? super MessageLoop, ? super Throwable> handler) {
        this(name, mailbox, idle, handler, 0L, 0L);
    }

    DrivenLoopImpl(String name, Mailbox mailbox, IdleStrategy idle,
                   BiConsumer<? super MessageLoop, ? super Throwable> handler, long stallNanos, long congestionNanos) {
        super(name, mailbox, idle, handler, stallNanos, congestionNanos);
        owner = Thread.currentThread();
        thread = owner;
    }

    private LoopContext enter() {
        if (Thread.currentThread() != owner) {
            throw new WrongLoopException("driven loop '" + name() + "' can only be run by its creating thread "
                    + owner.getName() + ", not " + Thread.currentThread().getName());
        }
        LoopContext ctx = LoopContext.runner();
        if (ctx.loop == this) {
            throw new IllegalStateException("driven loop '" + name() + "' is already running on this thread");
        }
        return ctx;
    }

    @Override
    public int runPending() {
        LoopContext ctx = enter();
        LoopCore outer = ctx.enter(this);
        try {
            if (isTerminated()) return 0;
            long before = runner.visibleRuns;
            // What is due now: the messages offered so far (not what they post), due timers, kept-aside ones.
            long due = mailbox.offers() - mailbox.taken();
            runner.runOnce(ctx, (int) Math.min(Integer.MAX_VALUE, Math.max(0, due)));
            runner.flushCounters(ctx);
            if (isClosed()) terminate(ctx);
            return (int) Math.min(Integer.MAX_VALUE, runner.visibleRuns - before);
        } finally {
            ctx.leave(this, outer);
        }
    }

    @Override
    public void runUntilClosed() {
        LoopContext ctx = enter();
        LoopCore outer = ctx.enter(this);
        try {
            if (!isTerminated()) RunLoop.runUntilTerminated(this, ctx);
        } finally {
            ctx.leave(this, outer);
        }
    }
}
