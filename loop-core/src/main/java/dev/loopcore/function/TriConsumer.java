package dev.loopcore.function;

/** A three-argument action; the loop or proxy that runs it decides the thread. */
@FunctionalInterface
public interface TriConsumer<A, B, C> {
    void accept(A a, B b, C c);
}
