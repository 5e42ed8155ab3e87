package dev.loopcore.internal;

import dev.loopcore.IdleStrategy;
import dev.loopcore.MessageLoop;

import java.util.function.BiConsumer;

/** A loop on its own {@link LoopThread}, which ends when the loop has terminated. */
final class ThreadLoop extends LoopCore {
    private final LoopThread thread;

    ThreadLoop(String name, Mailbox mailbox, IdleStrategy idle, boolean daemon,
               BiConsumer<? super MessageLoop, ? super Throwable> handler) {
        super(name, mailbox, idle, handler);
        thread = new LoopThread(this::body, name, daemon);
        runner = thread;
    }

    void start() {
        thread.start();
    }

    private void body() {
        LoopContext ctx = thread.context;
        ctx.loop = this;
        try {
            runUntilTerminated(ctx);
        } finally {
            ctx.loop = null;
        }
    }
}
