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
        ThreadLoop loop = new ThreadLoop(name, newMailbox(kind, capacity), idle, daemon, factory, handler);
        loop.start();
        return loop;
    }

    public static DrivenLoop newDrivenLoop(String name, MailboxKind kind, int capacity, IdleStrategy idle,
                                           BiConsumer<? super MessageLoop, ? super Throwable> handler) {
        return new DrivenLoopImpl(name, newMailbox(kind, capacity), idle, handler);
    }

    /** For error messages: what the calling thread is running. */
    public static String describeCurrent() {
        MessageLoop l = LoopContext.current().loop;
        return l == null ? "thread '" + Thread.currentThread().getName() + "' (no loop)"
                : "loop '" + l.name() + "' (thread '" + Thread.currentThread().getName() + "')";
    }
}
