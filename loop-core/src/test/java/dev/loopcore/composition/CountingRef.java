package dev.loopcore.composition;

import dev.loopcore.AbstractRefCounted;

import java.util.concurrent.atomic.AtomicInteger;

/** A {@code RefCounted} argument that counts its deallocations (contract 12: exactly one). */
final class CountingRef extends AbstractRefCounted {
    final int op;
    final AtomicInteger deallocations = new AtomicInteger();

    CountingRef(int op) {
        this.op = op;
    }

    @Override
    protected void deallocate() {
        deallocations.incrementAndGet();
    }

    @Override
    public String toString() {
        return "ref of #" + op + " (count " + refCount() + ", deallocated " + deallocations.get() + "x)";
    }
}
