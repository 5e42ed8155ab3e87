package dev.loopcore.internal;

import dev.loopcore.DrivenLoop;
import dev.loopcore.IdleStrategy;
import dev.loopcore.MailboxKind;
import dev.loopcore.MessageLoop;

import java.util.function.BiConsumer;

/** Factories behind {@link dev.loopcore.LoopBuilder}. */
public final class Loops {
    private Loops() {
    }

    static Mailbox newMailbox(MailboxKind kind, int capacity) {
        return kind == MailboxKind.BOUNDED ? SlotMailbox.bounded(capacity) : new SlotMailbox(capacity);
    }

    public static MessageLoop startThreadLoop(String name, MailboxKind kind, int capacity, IdleStrategy idle,
                                              boolean daemon, java.util.concurrent.ThreadFactory factory,
                                              BiConsumer<? super MessageLoop, ? super Throwable> handler) {
        return startThreadLoop(name, kind, capacity, idle, daemon, factory, handler, 0L, 0L);
    }

    /** {@code stallNanos}, {@code congestionNanos}: contract 17's thresholds, 0 for none. */
    public static MessageLoop startThreadLoop(String name, MailboxKind kind, int capacity, IdleStrategy idle,
                                              boolean daemon, java.util.concurrent.ThreadFactory factory,
                                              BiConsumer<? super MessageLoop, ? super Throwable> handler,
                                              long stallNanos, long congestionNanos) {
        ThreadLoop loop = new ThreadLoop(name, newMailbox(kind, capacity), idle, daemon, factory, handler,
                stallNanos, congestionNanos);
        loop.startWatching(); // before it runs: its termination, which unwatches it, comes after
        loop.start();
        return loop;
    }

    public static DrivenLoop newDrivenLoop(String name, MailboxKind kind, int capacity, IdleStrategy idle,
                                           BiConsumer<? super MessageLoop, ? super Throwable> handler,
                                           long stallNanos, long congestionNanos) {
        DrivenLoopImpl loop = new DrivenLoopImpl(name, newMailbox(kind, capacity), idle, handler, stallNanos,
                congestionNanos);
        loop.startWatching();
        return loop;
    }

    /** For error messages: what the calling thread is running. */
    public static String describeCurrent() {
        MessageLoop l = LoopContext.current().loop;
        return l == null ? "thread '" + Thread.currentThread().getName() + "' (no loop)"
                : "loop '" + l.name() + "' (thread '" + Thread.currentThread().getName() + "')";
    }
}
