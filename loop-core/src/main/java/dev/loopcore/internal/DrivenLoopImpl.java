package dev.loopcore.internal;

import dev.loopcore.DrivenLoop;
import dev.loopcore.IdleStrategy;
import dev.loopcore.MessageLoop;
import dev.loopcore.WrongLoopException;

import java.util.function.BiConsumer;

/** A loop run by the thread that created it, through {@link #runPending()} or {@link #runUntilClosed()}. */
final class DrivenLoopImpl extends LoopCore implements DrivenLoop {
    private final Thread owner;

    DrivenLoopImpl(String name, Mailbox mailbox, IdleStrategy idle,
                   BiConsumer<? super MessageLoop, ? super Throwable> handler) {
        super(name, mailbox, idle, handler);
        owner = Thread.currentThread();
        runner = owner;
    }

    private LoopContext enter() {
        if (Thread.currentThread() != owner) {
            throw new WrongLoopException("driven loop '" + name() + "' can only be run by its creating thread "
                    + owner.getName() + ", not " + Thread.currentThread().getName());
        }
        LoopContext ctx = LoopContext.current();
        if (ctx.loop == this) {
            throw new IllegalStateException("driven loop '" + name() + "' is already running on this thread");
        }
        return ctx;
    }

    @Override
    public int runPending() {
        LoopContext ctx = enter();
        LoopCore outer = ctx.loop;
        ctx.loop = this;
        try {
            if (isTerminated()) return 0;
            long due = mailbox.offers() - mailbox.taken();
            int n = runOnce(ctx, (int) Math.min(Integer.MAX_VALUE, Math.max(0, due)));
            flushCounters(ctx);
            if (isClosed()) terminate(ctx);
            return n;
        } finally {
            ctx.loop = outer;
        }
    }

    @Override
    public void runUntilClosed() {
        LoopContext ctx = enter();
        LoopCore outer = ctx.loop;
        ctx.loop = this;
        try {
            if (!isTerminated()) runUntilTerminated(ctx);
        } finally {
            ctx.loop = outer;
        }
    }
}
