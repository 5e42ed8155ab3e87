package dev.loopcore.internal;

import dev.loopcore.RefCounted;

/** Releases the {@code RefCounted} arguments a message owned (contract 12); also for the proxy module. */
public final class Refs {
    private Refs() {
    }

    public static void release(Object a, Object b, Object c, Object d) {
        // Null and non-RefCounted arguments cost one type check each; the JIT profiles the common types.
        if (a instanceof RefCounted) releaseQuietly((RefCounted) a);
        if (b instanceof RefCounted) releaseQuietly((RefCounted) b);
        if (c instanceof RefCounted) releaseQuietly((RefCounted) c);
        if (d instanceof RefCounted) releaseQuietly((RefCounted) d);
    }

    static void release(Message m) {
        release(m.a, m.b, m.c, m.d);
    }

    private static void releaseQuietly(RefCounted r) {
        try {
            r.release();
        } catch (RuntimeException e) {
            LoopCore.logUncaught(null, e);
        }
    }
}
